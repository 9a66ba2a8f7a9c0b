/**
 * One load-generator thread: owns a slice of the clients, sends its share of an open-loop schedule
 * and records every delivery to its clients. Driven by messages from bench/load.ts.
 */
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import {
  OUTCOME,
  RETRYABLE_CODES,
  roomIndexOfClient,
  senderOfMessage,
  type AckReply,
  type CollectReport,
  type ConnectReport,
  type WorkerCommand,
} from "./protocol";
import { bucketOf, HISTOGRAM_BUCKETS } from "./stats";

const now = () => performance.timeOrigin + performance.now();
const port = parentPort;
if (!port) throw new Error("load-worker must run as a worker thread");

let sockets: Socket[] = [];
let live: boolean[] = [];
/** This thread's place among the threads, from the last connect. */
let self = { workerIndex: 0, workerCount: 1 };
/** Client i of this thread is client i * workerCount + workerIndex across all threads. */
const globalIndex = (local: number) => local * self.workerCount + self.workerIndex;
let disconnects = 0;
let run: Extract<WorkerCommand, { type: "run" }> | null = null;
let received: Uint8Array[] = [];
let histogram = new Float64Array(HISTOGRAM_BUCKETS);
let maxMs = 0;
let deliveries = 0;
let unique = 0;
let duplicates = 0;
let foreign = 0;
let misrouted = 0;
let outcomes = new Uint8Array(0);
let refusals: Record<string, number> = {};
let eluStart = performance.eventLoopUtilization();
/** Set once this thread has sent (or given up on) every message of the run's schedule that is its own. */
let scheduleDone = true;

function onMessage(clientIndex: number, message: { content?: unknown }) {
  const current = run;
  const content = typeof message?.content === "string" ? message.content : "";
  const [runId, kText, scheduledText] = content.split("|", 3);
  if (!current || runId !== current.runId) {
    foreign++;
    return;
  }
  const k = Number(kText);
  const counts = received[clientIndex];
  if (!counts || !(k >= 0 && k < current.total)) {
    foreign++;
    return;
  }
  const rooms = current.rooms.length;
  if (roomIndexOfClient(senderOfMessage(k, current.clients), rooms) !== roomIndexOfClient(globalIndex(clientIndex), rooms)) {
    misrouted++;
    return;
  }
  deliveries++;
  const seen = counts[k] ?? 0;
  if (seen === 0) {
    unique++;
    const latencyMs = now() - Number(scheduledText);
    const index = bucketOf(latencyMs * 1000);
    histogram[index] = (histogram[index] ?? 0) + 1;
    if (latencyMs > maxMs) maxMs = latencyMs;
  } else duplicates++;
  counts[k] = Math.min(255, seen + 1);
}

function connectOne(url: string, cookie: string, roomId: number | null, timeoutMs: number, clientIndex: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ["websocket"],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const fail = (reason: string) => {
      socket.disconnect();
      reject(new Error(reason));
    };
    socket.once("connect_error", (err: Error) => fail(err.message || "connect_error"));
    socket.once("connect", () => {
      socket.on("new_message", (message: { content?: unknown }) => onMessage(clientIndex, message));
      socket.on("disconnect", () => disconnects++);
      if (roomId === null) return resolve(socket);
      socket
        .timeout(timeoutMs)
        .emitWithAck("join_room", { room_id: roomId })
        .then((ack: AckReply) => (ack?.ok ? resolve(socket) : fail(`join refused: ${ack?.error?.code ?? "?"}`)))
        .catch(() => fail("join timeout"));
    });
  });
}

async function connectAll(command: Extract<WorkerCommand, { type: "connect" }>): Promise<ConnectReport> {
  const started = performance.now();
  self = { workerIndex: command.workerIndex, workerCount: command.workerCount };
  const errors: Record<string, number> = {};
  const slots: (Socket | null)[] = new Array<Socket | null>(command.cookies.length).fill(null);
  let next = 0;
  const lane = async () => {
    while (next < command.cookies.length) {
      const index = next++;
      try {
        const local = sockets.length + index;
        const room = command.rooms ? (command.rooms[roomIndexOfClient(globalIndex(local), command.rooms.length)] ?? null) : null;
        slots[index] = await connectOne(command.url, command.cookies[index] ?? "", room, command.timeoutMs, local);
      } catch (err) {
        const reason = (err as Error).message;
        errors[reason] = (errors[reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
  // Keep indexes stable: a failed slot stays as a placeholder that never receives and is not expected to.
  const failed = slots.filter((socket) => socket === null).length;
  sockets = sockets.concat(slots.map((socket) => socket ?? io(command.url, { autoConnect: false })));
  live = live.concat(slots.map((socket) => socket !== null));
  return { type: "connected", ok: command.cookies.length - failed, failed, errors, ms: performance.now() - started };
}

function startRun(command: Extract<WorkerCommand, { type: "run" }>) {
  run = command;
  received = sockets.map(() => new Uint8Array(command.total));
  histogram = new Float64Array(HISTOGRAM_BUCKETS);
  maxMs = 0;
  deliveries = 0;
  unique = 0;
  duplicates = 0;
  foreign = 0;
  misrouted = 0;
  refusals = {};
  disconnects = 0;
  outcomes = new Uint8Array(command.total);
  eluStart = performance.eventLoopUtilization();
  const interval = 1000 / command.rate;
  const padding = "x".repeat(Math.max(0, command.padding));
  let k = 0;
  const hardStop = command.t0 + command.total * interval + 60_000;
  scheduleDone = false;
  const tick = () => {
    const time = now();
    // Send everything whose scheduled time has come (open loop: a late tick sends a burst, latency counts from schedule).
    while (k < command.total && command.t0 + k * interval <= time && time < hardStop) {
      const scheduled = command.t0 + k * interval;
      const senderIndex = senderOfMessage(k, command.clients);
      const index = k;
      k += 1;
      if (senderIndex % command.workerCount !== command.workerIndex) continue;
      const sender = sockets[Math.floor(senderIndex / command.workerCount)];
      const roomId = command.rooms[roomIndexOfClient(senderIndex, command.rooms.length)];
      if (!sender?.connected) outcomes[index] = OUTCOME.notSent;
      else {
        outcomes[index] = OUTCOME.noReply;
        sender
          .timeout(command.ackTimeoutMs)
          .emit(
            "send_message",
            { room_id: roomId, content: `${command.runId}|${index}|${scheduled}|${padding}`, client_id: `${command.runId}-${index}` },
            (err: Error | null, ack?: AckReply) => {
              if (err) return; // stays noReply
              if (ack?.ok) outcomes[index] = OUTCOME.ok;
              else {
                const code = ack?.error?.code ?? "unknown";
                refusals[code] = (refusals[code] ?? 0) + 1;
                outcomes[index] = RETRYABLE_CODES.has(code) ? OUTCOME.refusedRetryable : OUTCOME.refusedOther;
              }
            },
          );
      }
    }
    if (k < command.total && time < hardStop) setTimeout(tick, Math.max(0, command.t0 + k * interval - now()));
    else scheduleDone = true;
  };
  setTimeout(tick, Math.max(0, command.t0 - now()));
}

async function collect(deadline: number, expectDeliveries: boolean): Promise<CollectReport> {
  let expected = 0;
  if (run) {
    const { rooms, clients, total } = run;
    const liveInRoom = new Array<number>(rooms.length).fill(0);
    live.forEach((isLive, local) => {
      const room = roomIndexOfClient(globalIndex(local), rooms.length);
      if (isLive) liveInRoom[room] = (liveInRoom[room] ?? 0) + 1;
    });
    for (let k = 0; k < total; k++) expected += liveInRoom[roomIndexOfClient(senderOfMessage(k, clients), rooms.length)] ?? 0;
  }
  while (!scheduleDone && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  // Bounded wait: until every client saw every message, or the deadline.
  while (expectDeliveries && now() < deadline && unique < expected) await new Promise((resolve) => setTimeout(resolve, 20));
  // Replies still in flight get until the deadline as well.
  while (now() < deadline && outcomes.includes(OUTCOME.noReply) && run) await new Promise((resolve) => setTimeout(resolve, 20));
  // Without an expected count, give broadcasts of the last acked sends a moment to arrive.
  if (!expectDeliveries) await new Promise((resolve) => setTimeout(resolve, 500));
  const elu = performance.eventLoopUtilization(eluStart).utilization;
  return {
    type: "collected",
    histogram: Array.from(histogram),
    maxMs,
    deliveries,
    expected,
    unique,
    duplicates,
    foreign,
    misrouted,
    outcomes,
    refusals,
    disconnects,
    elu,
  };
}

port.on("message", (command: WorkerCommand) => {
  switch (command.type) {
    case "connect":
      void connectAll(command).then((report) => port.postMessage(report));
      break;
    case "run":
      startRun(command);
      port.postMessage({ type: "started" });
      break;
    case "collect":
      void collect(command.deadline, command.expectDeliveries).then((report) => port.postMessage(report));
      break;
    case "close":
      for (const socket of sockets) socket.disconnect();
      sockets = [];
      live = [];
      port.postMessage({ type: "closed" });
      break;
  }
});
