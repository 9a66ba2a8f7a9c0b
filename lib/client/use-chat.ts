import { useCallback, useEffect, useReducer, useRef } from "react";
import { io, type Socket } from "socket.io-client";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, ROOM_PAGE_DEFAULT } from "@/lib/chat/schemas";
import type { AckResult, ClientToServerEvents, RoomUsers, ServerToClientEvents } from "@/lib/realtime/events";
import { fetchMessages, fetchRooms, leaveForLogin, type ApiResult } from "./api";
import { chatReducer, initChatState, type ChatState, type PendingMessage } from "./chat-state";
import { backoffMs, isRetryable, loadOutbox, retryAfterMs, saveOutbox } from "./outbox";
import { resolveRoom } from "./room-param";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;

// The events declare their ack as optional, which makes Socket.IO type emitWithAck's result as any.
type JoinAck = AckResult<RoomUsers>;
type SendAck = AckResult<{ message: MessageDto }>;
const RESTORED_NOTICE_MS = 4_000;

interface OutboxEntry {
  message: PendingMessage;
  attempts: number;
  /** Epoch ms before which the message is not sent again. */
  notBefore: number;
  /** The wait came from the server (`retry_after_ms`), so a reconnect does not cut it short. */
  serverWait: boolean;
}

const newEntry = (message: PendingMessage): OutboxEntry => ({ message, attempts: 0, notBefore: 0, serverWait: false });

type SendOutcome =
  | { kind: "acked"; message: MessageDto }
  | { kind: "refused"; error: string }
  | { kind: "retry"; retryAfterMs: number | null };

async function attemptSend(socket: ChatSocket, message: PendingMessage): Promise<SendOutcome> {
  try {
    const ack = (await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck("send_message", { room_id: message.room_id, content: message.content, client_id: message.client_id })) as SendAck;
    if (ack.ok) return { kind: "acked", message: ack.message };
    if (isRetryable(ack.error)) return { kind: "retry", retryAfterMs: retryAfterMs(ack.error) };
    return { kind: "refused", error: ack.error.message };
  } catch {
    // No ack in time, or the socket dropped with the send in flight: it may or may not be stored, so it goes again.
    return { kind: "retry", retryAfterMs: null };
  }
}

/** No answer at all, throttled, or a server that is down or starting: worth asking again. */
const isTransientHttpFailure = (status: number) => status === 0 || status === 429 || status >= 500;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ChatInit {
  me: PresenceUserDto;
  rooms: RoomDto[];
  roomsAfter: number | null;
  roomId: number | null;
  messages: MessageDto[];
}

export interface ChatCallbacks {
  /** The room on screen was deleted: show the fallback room instead. */
  onRoomGone: (fallbackRoomId: number) => void;
}

/** crypto.randomUUID exists only in secure contexts; a plain-http deployment on a LAN address still needs ids. */
function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The chat's state and its one socket. The socket lives as long as the chat page, whatever room is
 * shown; switching rooms leaves the old Socket.IO room and joins the new one.
 */
export function useChat(init: ChatInit, roomParam: string | null, callbacks: ChatCallbacks) {
  const [state, dispatch] = useReducer(
    chatReducer,
    init,
    (i: ChatInit): ChatState => initChatState({ ...i, pageSize: HISTORY_PAGE_DEFAULT }),
  );
  const currentRoom = resolveRoom(roomParam, state.rooms);
  const currentRoomId = currentRoom?.id ?? null;
  const stateRef = useRef(state);
  const socketRef = useRef<ChatSocket | null>(null);
  const roomRef = useRef(currentRoomId);
  const callbacksRef = useRef(callbacks);
  const olderInFlight = useRef(new Set<number>());
  const roomPagesInFlight = useRef(new Set<number | undefined>());
  const meId = init.me.id;
  /** What is not acknowledged yet, in the order it was typed; the reducer's pending lists only show it. */
  const outbox = useRef<OutboxEntry[]>([]);
  const pumping = useRef(false);
  const pumpRef = useRef<() => Promise<void>>(() => Promise.resolve());
  const wakeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const catchUpRuns = useRef(new Map<number, number>());
  const alive = useRef(true);

  useEffect(() => {
    stateRef.current = state;
    callbacksRef.current = callbacks;
  });

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (wakeTimer.current) clearTimeout(wakeTimer.current);
      wakeTimer.current = null;
    };
  }, []);

  const loadRoomPage = useCallback(async (after: number | undefined) => {
    if (roomPagesInFlight.current.has(after)) return;
    roomPagesInFlight.current.add(after);
    const page = await fetchRooms({ after, limit: ROOM_PAGE_DEFAULT });
    roomPagesInFlight.current.delete(after);
    if (page.ok) dispatch({ type: "rooms_page_loaded", rooms: page.data, after, complete: page.data.length < ROOM_PAGE_DEFAULT });
  }, []);

  /** One pass of catching up: its latest page the first time, then whatever came after what was fetched. */
  const catchUpOnce = useCallback(async (roomId: number): Promise<ApiResult<true>> => {
    const timeline = stateRef.current.timelines[roomId];
    let after = timeline?.loaded ? timeline.fetchedThrough : undefined;
    if (after === undefined) {
      const page = await fetchMessages(roomId, { limit: HISTORY_PAGE_DEFAULT });
      if (!page.ok) return page;
      dispatch({ type: "page_loaded", roomId, messages: page.data, page: "latest", complete: page.data.length < HISTORY_PAGE_DEFAULT });
      return { ok: true, data: true };
    }
    for (;;) {
      const page = await fetchMessages(roomId, { after, limit: HISTORY_PAGE_MAX });
      if (!page.ok) return page;
      dispatch({ type: "page_loaded", roomId, messages: page.data, page: "newer", complete: true });
      const last = page.data.at(-1);
      if (page.data.length < HISTORY_PAGE_MAX || !last) return { ok: true, data: true };
      after = last.id;
    }
  }, []);

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
        if (!isTransientHttpFailure(result.status)) return dispatch({ type: "notice", text: result.error });
        await delay(backoffMs(attempt));
        if (!stillWanted()) return;
      }
    },
    [catchUpOnce],
  );

  /** Joins first and fetches second, so a message sent in between arrives by one path or the other. */
  const enterRoom = useCallback(
    async (socket: ChatSocket, roomId: number) => {
      try {
        const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("join_room", { room_id: roomId })) as JoinAck;
        if (ack.ok) dispatch({ type: "presence_list", roomId: ack.room_id, users: ack.users });
      } catch {
        // No ack in time or the socket dropped: the history is still worth fetching, the next connect joins again.
      }
      await catchUp(roomId);
    },
    [catchUp],
  );

  const persistOutbox = useCallback(() => saveOutbox(meId, outbox.current.map((entry) => entry.message)), [meId]);

  /**
   * Sends the outbox one message at a time, oldest first, so a room's messages are stored in the order they were
   * typed. Retryable refusals and lost acks wait and go again with the same client_id; the server stores it once.
   */
  const pump = useCallback(async () => {
    if (pumping.current) return;
    pumping.current = true;
    try {
      for (;;) {
        const socket = socketRef.current;
        if (!alive.current || !socket?.connected) return;
        const entry = outbox.current.find((e) => e.message.status === "pending");
        if (!entry) return;
        const wait = entry.notBefore - Date.now();
        if (wait > 0) {
          if (wakeTimer.current) clearTimeout(wakeTimer.current);
          wakeTimer.current = setTimeout(() => {
            wakeTimer.current = null;
            void pumpRef.current();
          }, wait);
          return;
        }
        const { message } = entry;
        const outcome = await attemptSend(socket, message);
        // Discarded or refused while in flight: nothing of this attempt applies any more.
        if (!outbox.current.includes(entry)) continue;
        if (outcome.kind === "acked") {
          outbox.current = outbox.current.filter((e) => e !== entry);
          persistOutbox();
          dispatch({ type: "message_received", message: outcome.message });
        } else if (outcome.kind === "refused") {
          entry.message = { ...message, status: "failed", error: outcome.error };
          persistOutbox();
          dispatch({ type: "send_failed", clientId: message.client_id, roomId: message.room_id, error: outcome.error });
        } else {
          entry.attempts++;
          entry.serverWait = outcome.retryAfterMs !== null;
          entry.notBefore = Date.now() + (outcome.retryAfterMs ?? backoffMs(entry.attempts - 1));
        }
      }
    } finally {
      pumping.current = false;
    }
  }, [persistOutbox]);

  useEffect(() => {
    pumpRef.current = pump;
  }, [pump]);

  const dropRoomFromOutbox = useCallback(
    (roomId: number) => {
      outbox.current = outbox.current.filter((entry) => entry.message.room_id !== roomId);
      persistOutbox();
    },
    [persistOutbox],
  );

  // Before the socket's effect, so the first connect already finds what a previous page of this tab left unsent.
  useEffect(() => {
    const known = new Set(outbox.current.map((entry) => entry.message.client_id));
    const restored = loadOutbox(meId).filter((message) => !known.has(message.client_id));
    if (restored.length === 0) return;
    outbox.current = [...restored.map((message) => newEntry(message)), ...outbox.current];
    dispatch({ type: "outbox_restored", messages: restored });
    void pumpRef.current();
  }, [meId]);

  useEffect(() => {
    const socket: ChatSocket = io({ path: "/socket.io", transports: ["websocket", "polling"] });
    socketRef.current = socket;
    let connectedBefore = false;

    socket.on("connect", () => {
      dispatch({ type: "connection", status: connectedBefore ? "restored" : "online" });
      // Rooms created, renamed or deleted while this socket was away were announced to others only.
      if (connectedBefore) {
        void loadRoomPage(undefined);
      }
      connectedBefore = true;
      const roomId = roomRef.current;
      if (roomId !== null) void enterRoom(socket, roomId);
      // A new connection is a new chance: lost acks go again now, a server-asked wait is still honoured.
      for (const entry of outbox.current) if (!entry.serverWait) entry.notBefore = 0;
      void pumpRef.current();
    });
    socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") dispatch({ type: "connection", status: "reconnecting" });
    });
    socket.on("connect_error", (err) => {
      // The handshake refused the cookie: Socket.IO will not retry, and only signing in again helps.
      if (err.message === "unauthorized") leaveForLogin();
      else dispatch({ type: "connection", status: "reconnecting" });
      // A handshake without a live session is refused before Socket.IO sees it (Socket.IO retries
      // those), and the browser is not told why; an HTTP request is, and leaves for /login on 401.
      if (socket.active) void fetchRooms({ limit: 1 });
    });
    socket.on("new_message", (message) => dispatch({ type: "message_received", message }));
    socket.on("room_users_list", ({ room_id, users }) => dispatch({ type: "presence_list", roomId: room_id, users }));
    socket.on("joined_room", ({ room_id, user }) => dispatch({ type: "presence_joined", roomId: room_id, user }));
    socket.on("left_room", ({ room_id, user_id }) => dispatch({ type: "presence_left", roomId: room_id, userId: user_id }));
    socket.on("room_created", (room) => dispatch({ type: "room_upserted", room }));
    socket.on("room_updated", (room) => dispatch({ type: "room_upserted", room }));
    socket.on("room_deleted", ({ room_id, fallback_room_id }) => {
      const room = stateRef.current.rooms.find((r) => r.id === room_id);
      const fallback = stateRef.current.rooms.find((r) => r.id === fallback_room_id);
      dispatch({ type: "room_removed", roomId: room_id });
      dropRoomFromOutbox(room_id);
      if (roomRef.current === room_id) {
        dispatch({
          type: "notice",
          text: `Комната #${room?.name ?? room_id} удалена. Вы перешли в «${fallback?.name ?? "Общий чат"}».`,
        });
        callbacksRef.current.onRoomGone(fallback_room_id);
      }
    });
    socket.on("error", (error) => dispatch({ type: "notice", text: error.message }));

    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [enterRoom, dropRoomFromOutbox, loadRoomPage]);

  useEffect(() => {
    if (state.connection !== "restored") return;
    const timer = setTimeout(() => dispatch({ type: "connection", status: "online" }), RESTORED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state.connection]);

  useEffect(() => {
    const previous = roomRef.current;
    roomRef.current = currentRoomId;
    if (previous === currentRoomId) return;
    const socket = socketRef.current;
    if (previous !== null) {
      dispatch({ type: "presence_cleared", roomId: previous });
      if (socket?.connected) socket.emit("leave_room", { room_id: previous });
    }
    if (currentRoomId === null) return;
    // Offline, the connect handler joins this room when the socket is back; history still loads over HTTP.
    if (socket?.connected) void enterRoom(socket, currentRoomId);
    else void catchUp(currentRoomId);
  }, [currentRoomId, enterRoom, catchUp]);

  const send = useCallback(
    (roomId: number, content: string) => {
      const message: PendingMessage = {
        client_id: newClientId(),
        room_id: roomId,
        content,
        created_at: new Date().toISOString(),
        status: "pending",
      };
      outbox.current = [...outbox.current, newEntry(message)];
      persistOutbox();
      dispatch({ type: "send_started", message });
      void pump();
    },
    [persistOutbox, pump],
  );

  /** Resends a refused message with the same client_id: if an earlier attempt was stored after all, the server acks that copy. */
  const retry = useCallback(
    (message: PendingMessage) => {
      const again: PendingMessage = { ...message, status: "pending", error: undefined };
      const entry = outbox.current.find((e) => e.message.client_id === message.client_id);
      if (entry) Object.assign(entry, newEntry(again));
      else outbox.current = [...outbox.current, newEntry(again)];
      persistOutbox();
      dispatch({ type: "send_retried", clientId: message.client_id, roomId: message.room_id });
      void pump();
    },
    [persistOutbox, pump],
  );

  const discard = useCallback(
    (message: PendingMessage) => {
      outbox.current = outbox.current.filter((entry) => entry.message.client_id !== message.client_id);
      persistOutbox();
      dispatch({ type: "send_discarded", clientId: message.client_id, roomId: message.room_id });
    },
    [persistOutbox],
  );

  const loadOlder = useCallback(async (roomId: number) => {
    const timeline = stateRef.current.timelines[roomId];
    const oldest = timeline?.messages[0]?.id;
    if (!timeline?.loaded || !timeline.hasOlder || oldest === undefined || olderInFlight.current.has(roomId)) return;
    olderInFlight.current.add(roomId);
    dispatch({ type: "older_loading", roomId, loading: true });
    const page = await fetchMessages(roomId, { before: oldest, limit: HISTORY_PAGE_DEFAULT });
    olderInFlight.current.delete(roomId);
    if (!page.ok) {
      dispatch({ type: "older_loading", roomId, loading: false });
      return dispatch({ type: "notice", text: page.error });
    }
    dispatch({ type: "page_loaded", roomId, messages: page.data, page: "older", complete: page.data.length < HISTORY_PAGE_DEFAULT });
  }, []);

  const loadMoreRooms = useCallback(() => {
    const after = stateRef.current.roomsAfter;
    if (after !== null) void loadRoomPage(after);
  }, [loadRoomPage]);

  const upsertRoom = useCallback((room: RoomDto) => dispatch({ type: "room_upserted", room }), []);
  const removeRoom = useCallback(
    (roomId: number) => {
      dispatch({ type: "room_removed", roomId });
      dropRoomFromOutbox(roomId);
    },
    [dropRoomFromOutbox],
  );
  const setNotice = useCallback((text: string | null) => dispatch({ type: "notice", text }), []);

  return { state, currentRoom, send, retry, discard, loadOlder, loadMoreRooms, upsertRoom, removeRoom, setNotice };
}
