/**
 * The ceiling: Socket.IO 4.8 on node:http with the product's wire shapes and options, but no auth,
 * no database, no validation. On `send_message` it broadcasts to the room, then acks, as the product does.
 * Run as its own process: `node --import tsx bench/bare-server.ts`; prints one JSON ready line.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";

interface SendPayload {
  room_id?: unknown;
  content?: unknown;
  client_id?: unknown;
}

type Ack = (reply: object) => void;

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
io.on("connection", (socket) => {
  socket.emit("connected", { username: "bare", status: "connected" });
  socket.on("join_room", (payload: { room_id?: unknown }, ack?: Ack) => {
    const roomId = Number(payload?.room_id);
    void socket.join(`room:${roomId}`);
    if (typeof ack === "function") ack({ ok: true, room_id: roomId, users: [] });
  });
  socket.on("send_message", (payload: SendPayload, ack?: Ack) => {
    const roomId = Number(payload?.room_id);
    const message = {
      id: ++nextId,
      content: typeof payload?.content === "string" ? payload.content : "",
      username: "bare",
      user_city: "Не указан",
      timestamp: new Date().toISOString(),
      room_id: roomId,
      user_id: 1,
      client_id: typeof payload?.client_id === "string" ? payload.client_id : null,
    };
    io.to(`room:${roomId}`).emit("new_message", message);
    if (typeof ack === "function") ack({ ok: true, message });
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
