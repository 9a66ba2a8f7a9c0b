/**
 * The ceiling: Socket.IO 4.8 on node:http with the product's wire shapes and options, but no auth,
 * no database, no validation. Each event does the least the product's does: `send_message` broadcasts
 * to the room, then acks; edits and reactions change an in-memory copy of recent messages and
 * broadcast what the product would; typing is relayed to the room's others at most once per
 * `--typing-relay-seconds` per user and room (the product's throttle, whose length the bench passes in).
 * Each connection is a user of its own. Run as its own process:
 * `node --import tsx bench/bare-server.ts --typing-relay-seconds=3`; prints one JSON ready line.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
// Only the type: bare broadcasts the product's wire shape, so both send the same bytes per message.
import type { MessageDto } from "../lib/chat/dto";

interface SendPayload {
  room_id?: unknown;
  content?: unknown;
  client_id?: unknown;
  reply_to_id?: unknown;
}

type Ack = (reply: object) => void;
const answer = (ack: unknown, reply: object) => {
  if (typeof ack === "function") (ack as Ack)(reply);
};
const notFound = { ok: false, error: { code: "not_found", message: "not found" } };

const typingRelayMs = 1000 * Number(process.argv.find((arg) => arg.startsWith("--typing-relay-seconds="))?.split("=")[1]);
if (!(typingRelayMs > 0)) throw new Error("bare-server: pass --typing-relay-seconds=N (the product's typing throttle)");

/**
 * Edits and reactions only touch messages a few seconds old; keeping every message the throughput
 * ladders send would grow bare's heap (and its GC pauses) where the product keeps them in a database.
 */
const KEPT_MESSAGES = 10_000;
const messages = new Map<number, MessageDto>();
/** `${message}:${user}:${emoji}` */
const reactions = new Set<string>();
const typingUntil = new Map<string, number>();

const httpServer = createServer((request, response) => {
  if (request.url === "/api/health") {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"status":"ok","db":"none"}');
    return;
  }
  response.writeHead(404);
  response.end();
});
const io = new Server(httpServer, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 64 * 1024 });

let nextId = 0;
let nextUser = 0;
let version = 0;

io.on("connection", (socket) => {
  const userId = ++nextUser;
  socket.emit("connected", { username: "bare", status: "connected" });
  socket.on("join_room", (payload: { room_id?: unknown }, ack?: Ack) => {
    const roomId = Number(payload?.room_id);
    void socket.join(`room:${roomId}`);
    answer(ack, { ok: true, room_id: roomId, users: [] });
  });
  socket.on("send_message", (payload: SendPayload, ack?: Ack) => {
    const roomId = Number(payload?.room_id);
    const original = messages.get(Number(payload?.reply_to_id));
    const message: MessageDto = {
      id: ++nextId,
      content: typeof payload?.content === "string" ? payload.content : "",
      username: "bare",
      user_city: "Не указан",
      timestamp: new Date().toISOString(),
      room_id: roomId,
      user_id: userId,
      client_id: typeof payload?.client_id === "string" ? payload.client_id : null,
      version: ++version,
      edited_at: null,
      deleted: false,
      reply_to: original ? { id: original.id, username: original.username, content: original.content.slice(0, 100), deleted: false } : null,
      reactions: [],
    };
    messages.set(message.id, message);
    if (messages.size > KEPT_MESSAGES) messages.delete(message.id - KEPT_MESSAGES);
    io.to(`room:${roomId}`).emit("new_message", message);
    answer(ack, { ok: true, message });
  });
  socket.on("edit_message", (payload: { message_id?: unknown; content?: unknown }, ack?: Ack) => {
    const message = messages.get(Number(payload?.message_id));
    if (message?.user_id !== userId) return answer(ack, notFound);
    message.content = typeof payload?.content === "string" ? payload.content : "";
    message.edited_at = new Date().toISOString();
    message.version = ++version;
    io.to(`room:${message.room_id}`).emit("message_updated", message);
    answer(ack, { ok: true, message });
  });
  const react = (change: "reaction_added" | "reaction_removed") => (payload: { message_id?: unknown; emoji?: unknown }, ack?: Ack) => {
    const message = messages.get(Number(payload?.message_id));
    if (!message) return answer(ack, notFound);
    const emoji = String(payload?.emoji);
    const key = `${message.id}:${userId}:${emoji}`;
    // As in the product, adding a reaction already there (or removing one already gone) is not announced.
    if (reactions.has(key) !== (change === "reaction_added")) {
      if (change === "reaction_added") reactions.add(key);
      else reactions.delete(key);
      message.version = ++version;
      io.to(`room:${message.room_id}`).emit(change, { message_id: message.id, room_id: message.room_id, emoji, user_id: userId, version: message.version });
    }
    answer(ack, { ok: true, message });
  };
  socket.on("add_reaction", react("reaction_added"));
  socket.on("remove_reaction", react("reaction_removed"));
  socket.on("typing", (payload: { room_id?: unknown; stopped?: unknown }) => {
    const roomId = Number(payload?.room_id);
    const stopped = payload?.stopped === true;
    const key = `${stopped ? "stop" : "start"}:${userId}:${roomId}`;
    const time = Date.now();
    if (time < (typingUntil.get(key) ?? 0)) return;
    typingUntil.set(key, time + typingRelayMs);
    socket.to(`room:${roomId}`).emit("typing", { room_id: roomId, user: { id: userId, username: "bare" }, ...(stopped ? { stopped: true } : {}) });
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  const { port } = httpServer.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ message: "bare ready", url: `http://127.0.0.1:${port}` }) + "\n");
});

const stop = () => {
  void io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
