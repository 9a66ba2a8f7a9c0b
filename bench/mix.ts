import { roomIndexOfClient, senderOfMessage, type Broadcast } from "./protocol";

/**
 * The mixed scenario's schedule. It is a function of the run's numbers alone, so every load thread
 * computes the same one and a receiver can tell which scheduled operation an event answers even when
 * the event carries no tag of ours (a reaction is only message, emoji and user).
 */
export type OpKind = "send" | "reply" | "edit" | "react_add" | "react_remove";

export interface PlannedOp {
  kind: OpKind;
  /** The operation whose message this one replies to, edits or reacts to; -1 for a plain send. */
  target: number;
  emoji: string;
  /** A removal waits for the acknowledged addition it undoes (-1: nothing to wait for). */
  after: number;
}

export interface MixPlan {
  ops: PlannedOp[];
  /** `${client}:${target}:${emoji}:${kind}` → the reaction operation: unique, so each event names one. */
  reactionOps: Map<string, number>;
}

export const BROADCAST_OF: Record<OpKind, Broadcast> = {
  send: "new_message",
  reply: "new_message",
  edit: "message_updated",
  react_add: "reaction_added",
  react_remove: "reaction_removed",
};

/**
 * How old a message is at least when it is replied to, edited or reacted to: time enough for its id to
 * reach the sender (by broadcast or ack) on a healthy server. On a slower one the operation waits for
 * it, timed from its schedule all the same.
 */
export const MIX_LAG_S = 1;

/** Few enough that a message never nears the product's 20 distinct emoji. */
export const EMOJI = ["👍", "🎉", "❤️", "😂"];

/** The share of the operations each kind gets; a reaction adds, or removes the client's earlier one. */
const SHARES = [
  ["send", 0.6],
  ["react", 0.2],
  ["edit", 0.1],
  ["reply", 0.1],
] as const;
type Share = (typeof SHARES)[number][0];

export const reactionKey = (client: number, target: number, emoji: string, kind: "react_add" | "react_remove") => `${client}:${target}:${emoji}:${kind}`;

/**
 * Operation k is made by client k % clients, as in the other scenarios, and is of the kind furthest
 * behind its share among those the client can make then: edits, replies and reactions act only on what
 * was scheduled at least `lagOps` earlier (edits: the client's own latest message; replies and new
 * reactions: the room's latest; removals: the client's oldest standing reaction), so the sender has the
 * message's id and the addition's ack by then. The first `lagOps` operations are therefore all sends,
 * and the other kinds catch up after them.
 */
export function mixedPlan(total: number, clients: number, rooms: number, lagOps: number): MixPlan {
  const ops: PlannedOp[] = [];
  const reactionOps = new Map<string, number>();
  const done = new Map<Share, number>();
  const messagesByRoom: number[][] = Array.from({ length: rooms }, () => []);
  const messagesByClient: number[][] = Array.from({ length: clients }, () => []);
  const standing: number[][] = Array.from({ length: clients }, () => []);
  const latestBefore = (scheduled: number[], k: number) => scheduled.findLast((m) => m <= k - lagOps) ?? -1;
  for (let k = 0; k < total; k++) {
    const client = senderOfMessage(k, clients);
    const room = roomIndexOfClient(client, rooms);
    const recent = latestBefore(messagesByRoom[room] ?? [], k);
    const own = latestBefore(messagesByClient[client] ?? [], k);
    const adds = standing[client] ?? [];
    const undo = (adds[0] ?? Infinity) <= k - lagOps ? adds[0] : undefined;
    const emoji = EMOJI.map((_, i) => EMOJI[(k + i) % EMOJI.length] ?? "").find((e) => !reactionOps.has(reactionKey(client, recent, e, "react_add")));
    const possible: Record<Share, boolean> = { send: true, react: undo !== undefined || (recent >= 0 && emoji !== undefined), edit: own >= 0, reply: recent >= 0 };
    let share: Share = "send";
    let behind = -Infinity;
    for (const [kind, part] of SHARES) {
      const deficit = part * (k + 1) - (done.get(kind) ?? 0);
      if (possible[kind] && deficit > behind) [share, behind] = [kind, deficit];
    }
    done.set(share, (done.get(share) ?? 0) + 1);
    let op: PlannedOp = { kind: share === "react" ? "react_add" : share, target: -1, emoji: "", after: -1 };
    if (share === "edit") op.target = own;
    else if (share === "reply") op.target = recent;
    else if (share === "react" && undo !== undefined) {
      adds.shift();
      const added = ops[undo] ?? op;
      op = { kind: "react_remove", target: added.target, emoji: added.emoji, after: undo };
      reactionOps.set(reactionKey(client, op.target, op.emoji, "react_remove"), k);
    } else if (share === "react") {
      op = { kind: "react_add", target: recent, emoji: emoji ?? "", after: -1 };
      reactionOps.set(reactionKey(client, recent, op.emoji, "react_add"), k);
      adds.push(k);
    }
    if (op.kind === "send" || op.kind === "reply") {
      messagesByRoom[room]?.push(k);
      messagesByClient[client]?.push(k);
    }
    ops.push(op);
  }
  return { ops, reactionOps };
}

/** The tenth of the clients that types: the first ones, which every thread holds its share of. */
export const typistCount = (clients: number) => Math.max(1, Math.round(clients / 10));

/**
 * Typing signals go out in one open-loop schedule: signal i is typist i % typists's (i / typists)-th,
 * so each typist signals every `intervalMs` and the typists are spread evenly across that interval.
 */
export const typingSignalTime = (t0: number, intervalMs: number, typists: number, typist: number, n: number) =>
  t0 + (typist * intervalMs) / typists + n * intervalMs;

/**
 * The signal a relayed `typing` answers: the typist's latest one scheduled before it arrived. Relays
 * carry no tag, so this is exact while delivery takes less than one interval; a slower one would be
 * measured from a later signal, short by whole intervals.
 */
export function typingSignalBefore(arrival: number, t0: number, intervalMs: number, typists: number, typist: number, signals: number): number {
  const n = Math.floor((arrival - typingSignalTime(t0, intervalMs, typists, typist, 0)) / intervalMs);
  return Math.min(Math.max(n, 0), signals - 1);
}
