import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { MemberDto, MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { HISTORY_PAGE_DEFAULT } from "@/lib/chat/schemas";
import { chatReducer, initChatState, type ChatState, type MessageChange, type Notice, type PendingMessage } from "./chat-state";
import { fetchMembers } from "./api";
import type { ChangeOp, SendOp } from "./outbox-kinds";
import { resolveRoom } from "./room-param";
import { useChatSocket, type ChatSocket } from "./use-chat-socket";
import { useOutbox } from "./use-outbox";
import { useTimeline } from "./use-timeline";

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

/** The outbox stores what identifies a send; status and error are its own, not the message's. */
const toSendOp = ({ client_id, room_id, content, created_at, reply_to_id }: PendingMessage): SendOp => ({
  client_id,
  room_id,
  content,
  created_at,
  ...(reply_to_id === undefined ? {} : { reply_to_id }),
});

/** crypto.randomUUID exists only in secure contexts; a plain-http deployment on a LAN address still needs ids. */
function newRandomId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export type Chat = ReturnType<typeof useChat>;

/** Long enough for the server to have seen a closed tab's last connection go. */
const ONLINE_RECHECK_MS = 1_500;

/**
 * The chat page's state: one reducer, fed by the socket (live events), the timeline (HTTP pages) and the outbox
 * (what the user sent and the server has not acknowledged yet).
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
  const callbacksRef = useRef(callbacks);

  useEffect(() => {
    stateRef.current = state;
    callbacksRef.current = callbacks;
  });

  // First, so that its effect restores what a previous page of this tab left unsent before the socket connects.
  const outbox = useOutbox(init.me.id, dispatch);
  const { catchUp, loadOlder, loadAround, loadGap, loadRoomPage, loadMoreRooms } = useTimeline(dispatch, stateRef, currentRoomId);
  const [socket, setSocket] = useState<ChatSocket | null>(null);

  // One answer per room at a time is what is shown: an older request answering late does not replace a newer one.
  const memberRequests = useRef(new Map<number, number>());
  const loadMembers = useCallback(async (roomId: number) => {
    const request = (memberRequests.current.get(roomId) ?? 0) + 1;
    memberRequests.current.set(roomId, request);
    const result = await fetchMembers(roomId);
    if (memberRequests.current.get(roomId) !== request) return;
    dispatch(result.ok ? { type: "members_loaded", roomId, list: result.data } : { type: "members_failed", roomId });
  }, []);

  // Someone closing the room may have closed their last tab or only opened another room: the member list,
  // asked again a moment later, says which (online is connected anywhere, a leave is one room's news).
  const present = currentRoomId === null ? undefined : state.presence[currentRoomId];
  const shownPresence = useRef(present);
  const recheck = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const before = shownPresence.current;
    shownPresence.current = present;
    if (!before || !present || currentRoomId === null || !before.some((user) => !present.some((p) => p.id === user.id))) return;
    clearTimeout(recheck.current);
    recheck.current = setTimeout(() => void loadMembers(currentRoomId), ONLINE_RECHECK_MS);
  }, [present, currentRoomId, loadMembers]);
  useEffect(() => () => clearTimeout(recheck.current), []);

  const removeRoom = useCallback(
    (roomId: number) => {
      dispatch({ type: "room_removed", roomId });
      outbox.dropRoom(roomId);
    },
    [outbox],
  );

  useChatSocket({
    dispatch,
    stateRef,
    currentRoomId,
    connection: state.connection,
    onConnect: (socket, again) => {
      setSocket(socket);
      // Rooms created, renamed or deleted while this socket was away were announced to others only.
      if (again) void loadRoomPage(undefined);
      outbox.connected(socket);
    },
    // Loaded each time a room is entered, as its history is: member events reach only those who have the room
    // open, so a list kept from before may have missed some. After the join, so that a public room's list,
    // which names who is here, names the reader too.
    catchUp: (roomId) => {
      void loadMembers(roomId);
      return catchUp(roomId);
    },
    removeRoom,
    showRoom: (roomId) => callbacksRef.current.onRoomGone(roomId),
  });

  const send = useCallback(
    (roomId: number, content: string, replyToId?: number) =>
      outbox.enqueue("send", {
        client_id: newRandomId(),
        room_id: roomId,
        content,
        created_at: new Date().toISOString(),
        ...(replyToId === undefined ? {} : { reply_to_id: replyToId }),
      }),
    [outbox],
  );
  const retry = useCallback((message: PendingMessage) => outbox.retry("send", toSendOp(message)), [outbox]);
  const discard = useCallback((message: PendingMessage) => outbox.discard("send", toSendOp(message)), [outbox]);

  /** An edit, a deletion or a reaction of mine: shown at once, delivered in order after what I did before it. */
  const change = useCallback(
    (message: MessageDto, change: MessageChange) =>
      outbox.enqueue("change", { op_id: newRandomId(), room_id: message.room_id, message_id: message.id, change }),
    [outbox],
  );
  const failedEdits = useCallback(
    (messageId: number): ChangeOp[] =>
      outbox.list().flatMap((entry) =>
        entry.kind === "change" && entry.status === "failed" && entry.op.message_id === messageId && entry.op.change.kind === "edit" ? [entry.op] : [],
      ),
    [outbox],
  );
  const retryEdit = useCallback((messageId: number) => failedEdits(messageId).forEach((op) => outbox.retry("change", op)), [failedEdits, outbox]);
  const discardEdit = useCallback((messageId: number) => failedEdits(messageId).forEach((op) => outbox.discard("change", op)), [failedEdits, outbox]);

  /** The first page of the room list again: after a change the server announces to no one (a block). */
  const reloadRooms = useCallback(() => void loadRoomPage(undefined), [loadRoomPage]);
  const upsertRoom = useCallback((room: RoomDto) => dispatch({ type: "room_upserted", room }), []);
  const setNotice = useCallback((notice: Notice | null) => dispatch({ type: "notice", notice }), []);
  /** The server's answer to my own moderation or invitation, shown before (or without) its event. */
  const putMember = useCallback((roomId: number, member: MemberDto) => dispatch({ type: "member_joined", roomId, member }), []);
  const dropMember = useCallback((roomId: number, userId: number) => dispatch({ type: "member_left", roomId, userId }), []);

  return {
    state,
    currentRoom,
    send,
    retry,
    discard,
    change,
    retryEdit,
    discardEdit,
    loadOlder,
    loadAround,
    loadGap,
    loadMoreRooms,
    reloadRooms,
    upsertRoom,
    removeRoom,
    setNotice,
    loadMembers,
    putMember,
    dropMember,
    socket,
  };
}
