import { useCallback, useEffect, useRef, type Dispatch, type RefObject } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/chat/wire";
import { emitWithAck } from "./acks";
import { fetchRooms, leaveForLogin } from "./api";
import type { ChatAction, ChatState, ConnectionStatus } from "./chat-state";
import { ACK_TIMEOUT_MS } from "./outbox";
import { handleServerEvent, SERVER_EVENTS, type EventContext, type HandledEvent } from "./server-events";

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;


const RESTORED_NOTICE_MS = 4_000;

export interface ChatSocketOptions {
  dispatch: Dispatch<ChatAction>;
  stateRef: RefObject<ChatState>;
  currentRoomId: number | null;
  connection: ConnectionStatus;
  /** Every connect, after the room on screen is joined; `again` on a reconnect. */
  onConnect: (socket: ChatSocket, again: boolean) => void;
  /** After joining a room (or failing to): fetch what the socket may have missed. */
  catchUp: (roomId: number) => Promise<void>;
  removeRoom: EventContext["removeRoom"];
  showRoom: EventContext["showRoom"];
}

function listen<E extends HandledEvent>(socket: ChatSocket, event: E, context: () => EventContext) {
  const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => handleServerEvent(event, payload, context());
  socket.on(event, listener as Parameters<typeof socket.on<E>>[1]);
}

/**
 * The chat's one Socket.IO connection. It lives as long as the chat page, whatever room is shown; switching
 * rooms leaves the old Socket.IO room and joins the new one, and every (re)connect joins and catches up again.
 */
export function useChatSocket(options: ChatSocketOptions): void {
  const { dispatch, stateRef, currentRoomId, connection } = options;
  const optionsRef = useRef(options);
  const socketRef = useRef<ChatSocket | null>(null);
  const roomRef = useRef(currentRoomId);

  useEffect(() => {
    optionsRef.current = options;
  });

  /** Joins first and fetches second, so a message sent in between arrives by one path or the other. */
  const enterRoom = useCallback(
    async (socket: ChatSocket, roomId: number) => {
      try {
        const ack = await emitWithAck(socket, ACK_TIMEOUT_MS, "join_room", { room_id: roomId });
        if (ack.ok) dispatch({ type: "presence_list", roomId: ack.room_id, users: ack.users });
      } catch {
        // No ack in time or the socket dropped: the history is still worth fetching, the next connect joins again.
      }
      await optionsRef.current.catchUp(roomId);
    },
    [dispatch],
  );

  useEffect(() => {
    const socket: ChatSocket = io({ path: "/socket.io", transports: ["websocket", "polling"] });
    socketRef.current = socket;
    let connectedBefore = false;

    socket.on("connect", () => {
      const again = connectedBefore;
      connectedBefore = true;
      dispatch({ type: "connection", status: again ? "restored" : "online" });
      const roomId = roomRef.current;
      if (roomId !== null) void enterRoom(socket, roomId);
      optionsRef.current.onConnect(socket, again);
    });
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return;
      dispatch({ type: "connection", status: "reconnecting" });
      // The server cut this socket itself: its session ended (signed out everywhere, the account deactivated)
      // or the server is stopping. Socket.IO does not reconnect then; an HTTP request tells which it was,
      // leaving for /login on 401, and otherwise the socket is started again.
      if (reason === "io server disconnect") {
        void fetchRooms({ limit: 1 }).then((result) => {
          if (result.ok || result.status !== 401) socket.connect();
        });
      }
    });
    socket.on("connect_error", (err) => {
      // The handshake refused the cookie: Socket.IO will not retry, and only signing in again helps.
      if (err.message === "unauthorized") leaveForLogin();
      else dispatch({ type: "connection", status: "reconnecting" });
      // A handshake without a live session is refused before Socket.IO sees it (Socket.IO retries
      // those), and the browser is not told why; an HTTP request is, and leaves for /login on 401.
      if (socket.active) void fetchRooms({ limit: 1 });
    });

    const context = (): EventContext => ({
      state: stateRef.current,
      currentRoomId: roomRef.current,
      dispatch,
      removeRoom: optionsRef.current.removeRoom,
      showRoom: optionsRef.current.showRoom,
    });
    for (const event of Object.keys(SERVER_EVENTS) as HandledEvent[]) listen(socket, event, context);

    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [dispatch, stateRef, enterRoom]);

  useEffect(() => {
    if (connection !== "restored") return;
    const timer = setTimeout(() => dispatch({ type: "connection", status: "online" }), RESTORED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [connection, dispatch]);

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
    else void optionsRef.current.catchUp(currentRoomId);
  }, [currentRoomId, dispatch, enterRoom]);
}
