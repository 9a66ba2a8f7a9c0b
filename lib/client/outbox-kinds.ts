import type { MessageDto } from "@/lib/chat/dto";
import { emitWithAck } from "./acks";
import type { MessageChange, PendingMessage } from "./chat-state";
import type { OutboxKind } from "./outbox";

/** A message as typed, before the server has it; its `client_id` makes every resend the same message. */
export type SendOp = Omit<PendingMessage, "status" | "error">;

/**
 * Every kind of operation the outbox delivers: what it stores (`op`) and what the server acks it with (`applied`).
 * A new kind is one line here and one entry in OUTBOX_KINDS.
 */
export interface OutboxOps {
  send: { op: SendOp; applied: { message: MessageDto } };
  change: { op: ChangeOp; applied: { message: MessageDto } };
}

/**
 * An edit, a deletion or a reaction of mine, in the order I made them (after the send of the message they
 * change). Each is idempotent on the server (the same content, an already deleted message, a reaction one
 * already has), so `op_id` only tells this operation from the others in the outbox.
 */
export interface ChangeOp {
  op_id: string;
  room_id: number;
  message_id: number;
  change: MessageChange;
}

export type OutboxKinds = { [K in keyof OutboxOps]: OutboxKind<OutboxOps[K]["op"], OutboxOps[K]["applied"]> };

function restoreSend(record: Readonly<Record<string, unknown>>): SendOp | null {
  const { client_id, room_id, content, created_at, reply_to_id } = record;
  if (typeof client_id !== "string" || typeof room_id !== "number" || typeof content !== "string" || typeof created_at !== "string") {
    return null;
  }
  if (reply_to_id !== undefined && typeof reply_to_id !== "number") return null;
  return { client_id, room_id, content, created_at, ...(reply_to_id === undefined ? {} : { reply_to_id }) };
}

function emitSend(socket: Parameters<OutboxKinds["send"]["emit"]>[0], op: SendOp, timeoutMs: number) {
  const { room_id, content, client_id, reply_to_id } = op;
  return emitWithAck(socket, timeoutMs, "send_message", { room_id, content, client_id, ...(reply_to_id === undefined ? {} : { reply_to_id }) });
}

const sendKind: OutboxKinds["send"] = {
  id: (op) => op.client_id,
  roomId: (op) => op.room_id,
  restore: restoreSend,
  emit: emitSend,
  started: (op) => ({ type: "send_started", message: { ...op, status: "pending" } }),
  restored: (op, state) => ({ type: "outbox_restored", messages: [{ ...op, ...state }] }),
  applied: (_op, ack) => ({ type: "message_received", message: ack.message }),
  refused: (op, error) => ({ type: "send_failed", clientId: op.client_id, roomId: op.room_id, error }),
  retried: (op) => ({ type: "send_retried", clientId: op.client_id, roomId: op.room_id }),
  discarded: (op) => ({ type: "send_discarded", clientId: op.client_id, roomId: op.room_id }),
};

function restoreChange(record: Readonly<Record<string, unknown>>): ChangeOp | null {
  const { op_id, room_id, message_id, change } = record;
  if (typeof op_id !== "string" || typeof room_id !== "number" || typeof message_id !== "number") return null;
  const parsed = parseChange(change);
  return parsed ? { op_id, room_id, message_id, change: parsed } : null;
}

function parseChange(value: unknown): MessageChange | null {
  if (typeof value !== "object" || value === null) return null;
  const change = value as Record<string, unknown>;
  if (change.kind === "edit" && typeof change.content === "string") return { kind: "edit", content: change.content };
  if (change.kind === "delete") return { kind: "delete" };
  if (change.kind === "react" && typeof change.emoji === "string" && typeof change.add === "boolean") {
    return { kind: "react", emoji: change.emoji, add: change.add };
  }
  return null;
}

function emitChange(socket: Parameters<OutboxKinds["change"]["emit"]>[0], { message_id, change }: ChangeOp, timeoutMs: number) {
  switch (change.kind) {
    case "edit":
      return emitWithAck(socket, timeoutMs, "edit_message", { message_id, content: change.content });
    case "delete":
      return emitWithAck(socket, timeoutMs, "delete_message", { message_id });
    case "react":
      return emitWithAck(socket, timeoutMs, change.add ? "add_reaction" : "remove_reaction", { message_id, emoji: change.emoji });
  }
}

const target = (op: ChangeOp) => ({ roomId: op.room_id, messageId: op.message_id, change: op.change });

const changeKind: OutboxKinds["change"] = {
  id: (op) => op.op_id,
  roomId: (op) => op.room_id,
  restore: restoreChange,
  emit: emitChange,
  started: (op) => ({ type: "change_started", ...target(op) }),
  restored: (op, state) =>
    state.status === "failed" ? { type: "change_failed", ...target(op), error: state.error } : { type: "change_started", ...target(op) },
  applied: (op, ack) => ({ type: "change_applied", ...target(op), message: ack.message }),
  refused: (op, error) => ({ type: "change_failed", ...target(op), error }),
  retried: (op) => ({ type: "change_started", ...target(op) }),
  discarded: (op) => ({ type: "change_discarded", ...target(op) }),
};

export const OUTBOX_KINDS: OutboxKinds = { send: sendKind, change: changeKind };
