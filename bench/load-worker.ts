/**
 * One load-generator thread: owns a slice of the clients, sends its share of an open-loop schedule
 * and records every delivery to its clients. Driven by messages from bench/load.ts.
 */
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { BROADCAST_OF, mixedPlan, reactionKey, type MixPlan } from "./mix";
import {
  OUTCOME,
  RETRYABLE_CODES,
  roomIndexOfClient,
  senderOfMessage,
  type AckReply,
  type Broadcast,
  type CollectReport,
  type ConnectReport,
  type Tally,
  type TypingReport,
  type WorkerCommand,
} from "./protocol";
import { Histogram } from "./stats";

type RunCommand = Extract<WorkerCommand, { type: "run" }>;
interface MessageEvent {
  id?: unknown;
  user_id?: unknown;
  content?: unknown;
}
interface ReactionEvent {
  message_id?: unknown;
  user_id?: unknown;
  emoji?: unknown;
}
type ReactionKind = "react_add" | "react_remove";
type Counting = Omit<Tally, "histogram" | "maxMs"> & { timing: Histogram };

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const port = parentPort;
if (!port) throw new Error("load-worker must run as a worker thread");

let sockets: Socket[] = [];
let live: boolean[] = [];
/** This thread's place among the threads, from the last connect. */
let self = { workerIndex: 0, workerCount: 1 };
/** Client i of this thread is client i * workerCount + workerIndex across all threads. */
const globalIndex = (local: number) => local * self.workerCount + self.workerIndex;
let disconnects = 0;
let run: RunCommand | null = null;
let plan: MixPlan | null = null;
let received: Uint8Array[] = [];
let tallies = new Map<Broadcast, Counting>();
let deliveries = 0;
let foreign = 0;
let misrouted = 0;
let outcomes = new Uint8Array(0);
let refusals: Record<string, number> = {};
let eluStart = performance.eventLoopUtilization();
/** Schedules (operations, typing) of this run still sending. */
let schedulesRunning = 0;
/** Operation k's message id once this thread has seen it (its ack or its broadcast); 0 before. Mixed runs only. */
let messageIds = new Float64Array(0);
const operationOfMessage = new Map<number, number>();
const clientOfUser = new Map<number, number>();
/** Reactions that arrived before the message or the reacting user was known here; named at collect. */
let unnamedReactions: { clientIndex: number; kind: ReactionKind; event: ReactionEvent; arrival: number }[] = [];
let typingArrivals: { clientIndex: number; userId: unknown; arrival: number }[] = [];
let typingSent: number[] = [];
let serverErrors: Record<string, number> = {};
let padding = "";
/**
 * Operations due whose message (or the addition they undo) this thread has not seen yet: a slow server
 * holds them up, so they go out the moment it arrives, still timed from their schedule; until then they
 * count as not sent.
 */
let waiting: number[] = [];

function tallyOf(event: Broadcast): Counting {
  let tally = tallies.get(event);
  if (!tally) tallies.set(event, (tally = { timing: new Histogram(), expected: 0, unique: 0, duplicates: 0 }));
  return tally;
}

const broadcastOf = (k: number): Broadcast => BROADCAST_OF[plan?.ops[k]?.kind ?? "send"];
const scheduledOf = (current: RunCommand, k: number) => current.t0 + (k * 1000) / current.rate;

/** The operation a message's content names, if it is this run's: contents are `runId|k|padding`. */
function operationOf(content: unknown): number {
  const [runId, kText] = (typeof content === "string" ? content : "").split("|", 2);
  return run && runId === run.runId ? Number(kText) : -1;
}

function learnMessage(k: number, message: MessageEvent | undefined) {
  const current = run;
  if (!plan || !current || !(k >= 0 && k < current.total) || messageIds[k] || typeof message?.id !== "number") return;
  messageIds[k] = message.id;
  operationOfMessage.set(message.id, k);
  clientOfUser.set(Number(message.user_id), senderOfMessage(k, current.clients));
  sendWaiting();
}

/** One client received the broadcast of operation k. */
function deliver(clientIndex: number, k: number, event: Broadcast, arrival: number) {
  const current = run;
  const counts = received[clientIndex];
  if (!current || !counts || !(k >= 0 && k < current.total) || broadcastOf(k) !== event) {
    foreign++;
    return;
  }
  const rooms = current.rooms.length;
  const sender = senderOfMessage(k, current.clients);
  const receiver = globalIndex(clientIndex);
  if (roomIndexOfClient(sender, rooms) !== roomIndexOfClient(receiver, rooms)) {
    misrouted++;
    return;
  }
  deliveries++;
  const seen = counts[k] ?? 0;
  counts[k] = Math.min(255, seen + 1);
  const tally = tallyOf(event);
  if (seen > 0) {
    tally.duplicates++;
    return;
  }
  tally.unique++;
  // Mixed runs time delivery to the other members only, as typing can only be timed; the sender's copy still counts above.
  if (!plan || receiver !== sender) tally.timing.record(arrival - scheduledOf(current, k));
}

function onMessage(clientIndex: number, event: "new_message" | "message_updated", message: MessageEvent) {
  const k = operationOf(message?.content);
  if (event === "new_message") learnMessage(k, message);
  deliver(clientIndex, k, event, now());
}

/** The operation a reaction answers: its client, message and emoji name exactly one (bench/mix.ts); undefined while not yet known here. */
function reactionOperation(kind: ReactionKind, event: ReactionEvent): number | undefined {
  const target = operationOfMessage.get(Number(event?.message_id));
  const client = clientOfUser.get(Number(event?.user_id));
  if (!plan || target === undefined || client === undefined) return undefined;
  return plan.reactionOps.get(reactionKey(client, target, String(event.emoji), kind)) ?? -1;
}

function onReaction(clientIndex: number, kind: ReactionKind, event: ReactionEvent) {
  const arrival = now();
  const k = reactionOperation(kind, event);
  if (k === undefined) unnamedReactions.push({ clientIndex, kind, event, arrival });
  else deliver(clientIndex, k, BROADCAST_OF[kind], arrival);
}

/** Delivers the reactions that can now be named; `last`: the rest never will be, and count as foreign. */
function nameReactions(last: boolean) {
  unnamedReactions = unnamedReactions.filter(({ clientIndex, kind, event, arrival }) => {
    const k = reactionOperation(kind, event) ?? (last ? -1 : undefined);
    if (k !== undefined) deliver(clientIndex, k, BROADCAST_OF[kind], arrival);
    return k === undefined;
  });
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
      socket.on("new_message", (message: MessageEvent) => onMessage(clientIndex, "new_message", message));
      socket.on("message_updated", (message: MessageEvent) => onMessage(clientIndex, "message_updated", message));
      socket.on("reaction_added", (event: ReactionEvent) => onReaction(clientIndex, "react_add", event));
      socket.on("reaction_removed", (event: ReactionEvent) => onReaction(clientIndex, "react_remove", event));
      socket.on("typing", (event: { user?: { id?: unknown } }) => typingArrivals.push({ clientIndex, userId: event?.user?.id, arrival: now() }));
      socket.on("error", (error: { code?: string }) => {
        const code = error?.code ?? "unknown";
        serverErrors[code] = (serverErrors[code] ?? 0) + 1;
      });
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

/**
 * Open loop: item i is due at t0 + i × interval and goes out then, or in a burst with the others due
 * when a tick runs late (latency counts from the schedule, so a late generator cannot hide a slow server).
 */
function schedule(t0: number, interval: number, total: number, hardStop: number, fire: (i: number) => void) {
  let i = 0;
  schedulesRunning++;
  const tick = () => {
    const time = now();
    for (; i < total && t0 + i * interval <= time && time < hardStop; i++) fire(i);
    if (i < total && time < hardStop) setTimeout(tick, Math.max(0, t0 + i * interval - now()));
    else schedulesRunning--;
  };
  setTimeout(tick, Math.max(0, t0 - now()));
}

/** What operation k's client emits, or null while the message it acts on (or the addition it undoes) is not known yet. */
function requestOf(command: RunCommand, k: number, roomId: number | undefined): [string, object] | null {
  const content = `${command.runId}|${k}|${padding}`;
  const send = { room_id: roomId, content, client_id: `${command.runId}-${k}` };
  const op = plan?.ops[k];
  if (!op || op.kind === "send") return ["send_message", send];
  const target = messageIds[op.target] ?? 0;
  if (!target || (op.after >= 0 && outcomes[op.after] !== OUTCOME.ok)) return null;
  switch (op.kind) {
    case "reply":
      return ["send_message", { ...send, reply_to_id: target }];
    case "edit":
      return ["edit_message", { message_id: target, content }];
    case "react_add":
      return ["add_reaction", { message_id: target, emoji: op.emoji }];
    case "react_remove":
      return ["remove_reaction", { message_id: target, emoji: op.emoji }];
  }
}

function sendOperation(command: RunCommand, k: number) {
  const senderIndex = senderOfMessage(k, command.clients);
  if (senderIndex % command.workerCount !== command.workerIndex) return;
  const sender = sockets[Math.floor(senderIndex / command.workerCount)];
  const request = requestOf(command, k, command.rooms[roomIndexOfClient(senderIndex, command.rooms.length)]);
  if (!sender?.connected || !request) {
    outcomes[k] = OUTCOME.notSent;
    if (sender?.connected) waiting.push(k);
    return;
  }
  outcomes[k] = OUTCOME.noReply;
  sender.timeout(command.ackTimeoutMs).emit(request[0], request[1], (err: Error | null, ack?: AckReply) => {
    if (err) return; // stays noReply
    if (ack?.ok) {
      outcomes[k] = OUTCOME.ok;
      // Other acks carry the message acted on, which is not operation k's.
      if (request[0] === "send_message") learnMessage(k, ack.message);
      sendWaiting();
    } else {
      const code = ack?.error?.code ?? "unknown";
      refusals[code] = (refusals[code] ?? 0) + 1;
      outcomes[k] = RETRYABLE_CODES.has(code) ? OUTCOME.refusedRetryable : OUTCOME.refusedOther;
    }
  });
}

/** Tries the waiting operations again: something they act on may have just become known. */
function sendWaiting() {
  if (!run || waiting.length === 0) return;
  const due = waiting;
  waiting = [];
  for (const k of due) sendOperation(run, k);
}

function startRun(command: RunCommand) {
  run = command;
  plan = command.mix ? mixedPlan(command.total, command.clients, command.rooms.length, command.mix.lagOps) : null;
  received = sockets.map(() => new Uint8Array(command.total));
  tallies = new Map();
  deliveries = 0;
  foreign = 0;
  misrouted = 0;
  refusals = {};
  disconnects = 0;
  outcomes = new Uint8Array(command.total);
  messageIds = new Float64Array(plan ? command.total : 0);
  operationOfMessage.clear();
  clientOfUser.clear();
  unnamedReactions = [];
  typingArrivals = [];
  serverErrors = {};
  eluStart = performance.eventLoopUtilization();
  const interval = 1000 / command.rate;
  padding = "x".repeat(Math.max(0, command.padding));
  waiting = [];
  const hardStop = command.t0 + command.total * interval + 60_000;
  schedule(command.t0, interval, command.total, hardStop, (k) => sendOperation(command, k));
  const mix = command.mix;
  typingSent = new Array<number>(mix?.typists ?? 0).fill(0);
  if (!mix) return;
  // Typing goes out as a real client's would: no ack, far more often than the server relays it.
  schedule(command.t0, mix.typingIntervalMs / mix.typists, mix.typists * mix.typingSignals, hardStop, (i) => {
    const typist = i % mix.typists;
    if (typist % command.workerCount !== command.workerIndex) return;
    const socket = sockets[Math.floor(typist / command.workerCount)];
    if (!socket?.connected) return;
    socket.emit("typing", { room_id: command.rooms[roomIndexOfClient(typist, command.rooms.length)] });
    typingSent[typist] = (typingSent[typist] ?? 0) + 1;
  });
}

/** Each listener's typing relays, numbered per typist in the order it heard them. */
function typingReport(current: RunCommand): TypingReport | null {
  const mix = current.mix;
  if (!mix) return null;
  const rooms = current.rooms.length;
  const heard = Array.from({ length: mix.typists }, () => [] as number[][]);
  const relaysHeard = new Map<string, number>();
  let ownRelays = 0;
  let unmatched = 0;
  for (const { clientIndex, userId, arrival } of typingArrivals) {
    const typist = clientOfUser.get(Number(userId));
    const receiver = globalIndex(clientIndex);
    if (typist === undefined || typist >= mix.typists) unmatched++;
    else if (typist === receiver) ownRelays++;
    else if (roomIndexOfClient(typist, rooms) !== roomIndexOfClient(receiver, rooms)) misrouted++;
    else {
      const key = `${clientIndex}:${typist}`;
      const relay = relaysHeard.get(key) ?? 0;
      relaysHeard.set(key, relay + 1);
      const byRelay = heard[typist] ?? [];
      (byRelay[relay] ??= []).push(arrival);
    }
  }
  const listeners = Array.from({ length: mix.typists }, (_, typist) =>
    live.filter((isLive, local) => isLive && globalIndex(local) !== typist && roomIndexOfClient(globalIndex(local), rooms) === roomIndexOfClient(typist, rooms)).length,
  );
  return { sent: typingSent, heard, listeners, self: ownRelays, unmatched, errors: serverErrors };
}

async function collect(deadline: number, expectDeliveries: boolean): Promise<CollectReport> {
  const current = run;
  if (current) {
    const { rooms, clients, total } = current;
    const liveInRoom = new Array<number>(rooms.length).fill(0);
    live.forEach((isLive, local) => {
      const room = roomIndexOfClient(globalIndex(local), rooms.length);
      if (isLive) liveInRoom[room] = (liveInRoom[room] ?? 0) + 1;
    });
    for (let k = 0; k < total; k++) tallyOf(broadcastOf(k)).expected += liveInRoom[roomIndexOfClient(senderOfMessage(k, clients), rooms.length)] ?? 0;
  }
  const sum = (pick: (tally: Counting) => number) => [...tallies.values()].reduce((acc, tally) => acc + pick(tally), 0);
  const expected = sum((tally) => tally.expected);
  const allDelivered = () => {
    nameReactions(false);
    return sum((tally) => tally.unique) >= expected;
  };
  while (schedulesRunning > 0 && now() < deadline) await sleep(20);
  // Bounded wait: until every client saw every operation's broadcast, or the deadline.
  while (expectDeliveries && now() < deadline && !allDelivered()) await sleep(20);
  // Replies still in flight get until the deadline as well.
  while (now() < deadline && outcomes.includes(OUTCOME.noReply) && current) await sleep(20);
  // Without an expected count, give broadcasts of the last acked sends a moment to arrive; typing relays never have one.
  if (!expectDeliveries || current?.mix) await sleep(500);
  nameReactions(true);
  const elu = performance.eventLoopUtilization(eluStart).utilization;
  const byEvent: CollectReport["byEvent"] = {};
  for (const [event, { timing, ...counts }] of tallies) byEvent[event] = { ...counts, histogram: Array.from(timing.counts), maxMs: timing.maxMs };
  return {
    type: "collected",
    byEvent,
    typing: current ? typingReport(current) : null,
    deliveries,
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
