import { useCallback, useEffect, useRef, type Dispatch, type RefObject } from "react";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, ROOM_PAGE_DEFAULT } from "@/lib/chat/schemas";
import { fetchMessages, fetchRooms, type ApiResult } from "./api";
import { isLastRoomPage, type ChatAction, type ChatState } from "./chat-state";
import { backoffMs } from "./outbox";

/** No answer at all, throttled, or a server that is down or starting: worth asking again. */
const isTransientHttpFailure = (status: number) => status === 0 || status === 429 || status >= 500;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What is fetched over HTTP: a room's history (its latest page, older pages on demand, the page around a message
 * to jump to and the gap it leaves, and the catch-up after whatever the socket may have missed) and the pages of
 * the room list.
 */
export function useTimeline(dispatch: Dispatch<ChatAction>, stateRef: RefObject<ChatState>, currentRoomId: number | null) {
  const roomRef = useRef(currentRoomId);
  const alive = useRef(true);
  const olderInFlight = useRef(new Set<number>());
  const gapsInFlight = useRef(new Set<number>());
  const roomPagesInFlight = useRef(new Set<number | undefined>());
  const catchUpRuns = useRef(new Map<number, number>());

  useEffect(() => {
    roomRef.current = currentRoomId;
  }, [currentRoomId]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const loadRoomPage = useCallback(
    async (after: number | undefined) => {
      if (roomPagesInFlight.current.has(after)) return;
      roomPagesInFlight.current.add(after);
      const page = await fetchRooms({ after, limit: ROOM_PAGE_DEFAULT });
      roomPagesInFlight.current.delete(after);
      if (page.ok) dispatch({ type: "rooms_page_loaded", rooms: page.data, after, complete: isLastRoomPage(page.data, ROOM_PAGE_DEFAULT) });
    },
    [dispatch],
  );

  /** One pass of catching up: its latest page the first time, then whatever changed after what was fetched. */
  const catchUpOnce = useCallback(
    async (roomId: number): Promise<ApiResult<true>> => {
      const timeline = stateRef.current.timelines[roomId];
      let changedAfter = timeline?.loaded ? timeline.syncedVersion : undefined;
      if (changedAfter === undefined) {
        const page = await fetchMessages(roomId, { limit: HISTORY_PAGE_DEFAULT });
        if (!page.ok) return page;
        dispatch({ type: "page_loaded", roomId, messages: page.data, page: "latest", complete: page.data.length < HISTORY_PAGE_DEFAULT });
        return { ok: true, data: true };
      }
      for (;;) {
        const page = await fetchMessages(roomId, { changedAfter, limit: HISTORY_PAGE_MAX });
        if (!page.ok) return page;
        dispatch({ type: "page_loaded", roomId, messages: page.data, page: "newer", complete: true });
        const last = page.data.at(-1);
        if (page.data.length < HISTORY_PAGE_MAX || !last) return { ok: true, data: true };
        changedAfter = last.version;
      }
    },
    [dispatch, stateRef],
  );

  /**
   * Brings a room up to date over HTTP, retrying with backoff while the server cannot answer (a restarting
   * server answers 503 while it warms up). A newer catch-up of the same room, or leaving it, ends this one.
   */
  const catchUp = useCallback(
    async (roomId: number) => {
      const run = (catchUpRuns.current.get(roomId) ?? 0) + 1;
      catchUpRuns.current.set(roomId, run);
      const stillWanted = () => alive.current && catchUpRuns.current.get(roomId) === run && roomRef.current === roomId;
      for (let attempt = 0; ; attempt++) {
        const result = await catchUpOnce(roomId);
        if (result.ok) return;
        if (!isTransientHttpFailure(result.status)) return dispatch({ type: "notice", notice: { kind: "server", text: result.error } });
        await delay(backoffMs(attempt));
        if (!stillWanted()) return;
      }
    },
    [catchUpOnce, dispatch],
  );

  const loadOlder = useCallback(
    async (roomId: number) => {
      const timeline = stateRef.current.timelines[roomId];
      const oldest = timeline?.messages[0]?.id;
      if (!timeline?.loaded || !timeline.hasOlder || oldest === undefined || olderInFlight.current.has(roomId)) return;
      olderInFlight.current.add(roomId);
      dispatch({ type: "older_loading", roomId, loading: true });
      const page = await fetchMessages(roomId, { before: oldest, limit: HISTORY_PAGE_DEFAULT });
      olderInFlight.current.delete(roomId);
      if (!page.ok) {
        dispatch({ type: "older_loading", roomId, loading: false });
        return dispatch({ type: "notice", notice: { kind: "server", text: page.error } });
      }
      dispatch({ type: "page_loaded", roomId, messages: page.data, page: "older", complete: page.data.length < HISTORY_PAGE_DEFAULT });
    },
    [dispatch, stateRef],
  );

  /**
   * Makes a message of the room present in its timeline, loading the page around it when it is not (a reply's
   * original far up). True when it is there to be shown.
   */
  const loadAround = useCallback(
    async (roomId: number, messageId: number): Promise<boolean> => {
      const present = (messages: { id: number }[] | undefined) => messages?.some((m) => m.id === messageId) === true;
      if (present(stateRef.current.timelines[roomId]?.messages)) return true;
      const page = await fetchMessages(roomId, { around: messageId, limit: HISTORY_PAGE_DEFAULT });
      if (!page.ok) {
        dispatch({ type: "notice", notice: { kind: "server", text: page.error } });
        return false;
      }
      dispatch({ type: "around_loaded", roomId, messages: page.data });
      return present(page.data);
    },
    [dispatch, stateRef],
  );

  const loadGap = useCallback(
    async (roomId: number) => {
      const gap = stateRef.current.timelines[roomId]?.gap;
      if (!gap || gapsInFlight.current.has(roomId)) return;
      gapsInFlight.current.add(roomId);
      const page = await fetchMessages(roomId, { after: gap.after, before: gap.before, limit: HISTORY_PAGE_MAX });
      gapsInFlight.current.delete(roomId);
      if (!page.ok) return dispatch({ type: "notice", notice: { kind: "server", text: page.error } });
      dispatch({ type: "gap_loaded", roomId, gap, messages: page.data, complete: page.data.length < HISTORY_PAGE_MAX });
    },
    [dispatch, stateRef],
  );

  const loadMoreRooms = useCallback(() => {
    const after = stateRef.current.roomsAfter;
    if (after !== null) void loadRoomPage(after);
  }, [loadRoomPage, stateRef]);

  return { catchUp, loadOlder, loadAround, loadGap, loadRoomPage, loadMoreRooms };
}
