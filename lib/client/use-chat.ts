import { useCallback, useEffect, useReducer, useRef } from "react";
import { io, type Socket } from "socket.io-client";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from "@/lib/chat/schemas";
import type { AckResult, ClientToServerEvents, RoomUsers, ServerToClientEvents } from "@/lib/realtime/events";
import { fetchMessages, fetchRooms, leaveForLogin } from "./api";
import { chatReducer, initChatState, type ChatState, type PendingMessage } from "./chat-state";
import { resolveRoom } from "./room-param";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;

// The events declare their ack as optional, which makes Socket.IO type emitWithAck's result as any.
type JoinAck = AckResult<RoomUsers>;
type SendAck = AckResult<{ message: MessageDto }>;
const RESTORED_NOTICE_MS = 4_000;

export interface ChatInit {
  me: PresenceUserDto;
  rooms: RoomDto[];
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

  useEffect(() => {
    stateRef.current = state;
    callbacksRef.current = callbacks;
  });

  /** Brings a room up to date over HTTP: its latest page the first time, then whatever came after what was fetched. */
  const catchUp = useCallback(async (roomId: number) => {
    const timeline = stateRef.current.timelines[roomId];
    let after = timeline?.loaded ? timeline.fetchedThrough : undefined;
    if (after === undefined) {
      const page = await fetchMessages(roomId, { limit: HISTORY_PAGE_DEFAULT });
      if (!page.ok) return dispatch({ type: "notice", text: page.error });
      return dispatch({ type: "page_loaded", roomId, messages: page.data, page: "latest", complete: page.data.length < HISTORY_PAGE_DEFAULT });
    }
    for (;;) {
      const page = await fetchMessages(roomId, { after, limit: HISTORY_PAGE_MAX });
      if (!page.ok) return dispatch({ type: "notice", text: page.error });
      dispatch({ type: "page_loaded", roomId, messages: page.data, page: "newer", complete: true });
      const last = page.data.at(-1);
      if (page.data.length < HISTORY_PAGE_MAX || !last) return;
      after = last.id;
    }
  }, []);

  /** Joins first and fetches second, so a message sent in between arrives by one path or the other. */
  const enterRoom = useCallback(
    async (socket: ChatSocket, roomId: number) => {
      const joined = (socket.timeout(ACK_TIMEOUT_MS).emitWithAck("join_room", { room_id: roomId }) as Promise<JoinAck>)
        .then((ack) => {
          if (ack.ok) dispatch({ type: "presence_list", roomId: ack.room_id, users: ack.users });
        })
        .catch(() => undefined);
      await Promise.all([joined, catchUp(roomId)]);
    },
    [catchUp],
  );

  useEffect(() => {
    const socket: ChatSocket = io({ path: "/socket.io", transports: ["websocket", "polling"] });
    socketRef.current = socket;
    let connectedBefore = false;

    socket.on("connect", () => {
      dispatch({ type: "connection", status: connectedBefore ? "restored" : "online" });
      // Rooms created, renamed or deleted while this socket was away were announced to others only.
      if (connectedBefore) {
        void fetchRooms().then((rooms) => {
          if (rooms.ok) dispatch({ type: "rooms_loaded", rooms: rooms.data });
        });
      }
      connectedBefore = true;
      const roomId = roomRef.current;
      if (roomId !== null) void enterRoom(socket, roomId);
    });
    socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") dispatch({ type: "connection", status: "reconnecting" });
    });
    socket.on("connect_error", (err) => {
      // The handshake refused the cookie: Socket.IO will not retry, and only signing in again helps.
      if (err.message === "unauthorized") leaveForLogin();
      else dispatch({ type: "connection", status: "reconnecting" });
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
  }, [enterRoom]);

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

  const deliver = useCallback(async (message: PendingMessage) => {
    const socket = socketRef.current;
    const failed = (error: string) =>
      dispatch({ type: "send_failed", clientId: message.client_id, roomId: message.room_id, error });
    if (!socket) return failed("Нет соединения с сервером");
    try {
      const ack = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("send_message", { room_id: message.room_id, content: message.content, client_id: message.client_id })) as SendAck;
      if (ack.ok) dispatch({ type: "message_received", message: ack.message });
      else failed(ack.error.message);
    } catch {
      failed("Сервер не ответил вовремя");
    }
  }, []);

  const send = useCallback(
    (roomId: number, content: string) => {
      const message: PendingMessage = {
        client_id: newClientId(),
        room_id: roomId,
        content,
        created_at: new Date().toISOString(),
        status: "pending",
      };
      dispatch({ type: "send_started", message });
      void deliver(message);
    },
    [deliver],
  );

  /** Resends with the same client_id: if the first attempt was stored after all, the server acks that copy. */
  const retry = useCallback(
    (message: PendingMessage) => {
      dispatch({ type: "send_retried", clientId: message.client_id, roomId: message.room_id });
      void deliver({ ...message, status: "pending" });
    },
    [deliver],
  );

  const discard = useCallback(
    (message: PendingMessage) => dispatch({ type: "send_discarded", clientId: message.client_id, roomId: message.room_id }),
    [],
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

  const upsertRoom = useCallback((room: RoomDto) => dispatch({ type: "room_upserted", room }), []);
  const removeRoom = useCallback((roomId: number) => dispatch({ type: "room_removed", roomId }), []);
  const setNotice = useCallback((text: string | null) => dispatch({ type: "notice", text }), []);

  return { state, currentRoom, send, retry, discard, loadOlder, upsertRoom, removeRoom, setNotice };
}
