import type { AckPayload, AckResult, ClientToServerEvents } from "@/lib/chat/wire";
import type { ChatSocket } from "./use-chat-socket";

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

/**
 * Emits an event and waits at most `timeoutMs` for its ack, typed by what the event declares the ack
 * to carry. Socket.IO's types lose the ack's type once a timeout is set (the callback gains an error
 * argument), so this is the one place that restores it; the server checks the same declaration.
 */
/** The events a client waits on: every one whose ack is required (typing's and leave_room's are not). */
type AwaitedEvent = { [E in keyof ClientToServerEvents]: undefined extends Parameters<ClientToServerEvents[E]>[1] ? never : E }[keyof ClientToServerEvents];

export function emitWithAck<E extends AwaitedEvent>(
  socket: ChatSocket,
  timeoutMs: number,
  event: E,
  payload: Payload<E>,
): Promise<AckResult<AckPayload<E>>> {
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: E, payload: Payload<E>): Promise<AckResult<AckPayload<E>>> };
  return timed.emitWithAck(event, payload);
}
