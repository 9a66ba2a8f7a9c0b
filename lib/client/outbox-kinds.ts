import type { MessageDto } from "@/lib/chat/dto";
import { emitWithAck } from "./acks";
import type { PendingMessage } from "./chat-state";
import type { OutboxKind } from "./outbox";

/** A message as typed, before the server has it; its `client_id` makes every resend the same message. */
export type SendOp = Omit<PendingMessage, "status" | "error">;

/**
 * Every kind of operation the outbox delivers: what it stores (`op`) and what the server acks it with (`applied`).
 * A new kind is one line here and one entry in OUTBOX_KINDS.
 */
export interface OutboxOps {
  send: { op: SendOp; applied: { message: MessageDto } };
}

export type OutboxKinds = { [K in keyof OutboxOps]: OutboxKind<OutboxOps[K]["op"], OutboxOps[K]["applied"]> };

function restoreSend(record: Readonly<Record<string, unknown>>): SendOp | null {
  const { client_id, room_id, content, created_at } = record;
  if (typeof client_id !== "string" || typeof room_id !== "number" || typeof content !== "string" || typeof created_at !== "string") {
    return null;
  }
  return { client_id, room_id, content, created_at };
}

const sendKind: OutboxKinds["send"] = {
  id: (op) => op.client_id,
  roomId: (op) => op.room_id,
  restore: restoreSend,
  emit: (socket, op, timeoutMs) => emitWithAck(socket, timeoutMs, "send_message", { room_id: op.room_id, content: op.content, client_id: op.client_id }),
  started: (op) => ({ type: "send_started", message: { ...op, status: "pending" } }),
  restored: (op, state) => ({ type: "outbox_restored", messages: [{ ...op, ...state }] }),
  applied: (_op, ack) => ({ type: "message_received", message: ack.message }),
  refused: (op, error) => ({ type: "send_failed", clientId: op.client_id, roomId: op.room_id, error }),
  retried: (op) => ({ type: "send_retried", clientId: op.client_id, roomId: op.room_id }),
  discarded: (op) => ({ type: "send_discarded", clientId: op.client_id, roomId: op.room_id }),
};

export const OUTBOX_KINDS: OutboxKinds = { send: sendKind };
