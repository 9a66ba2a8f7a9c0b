import { ChatError } from "../errors";
import { metrics } from "../metrics";
import { parseInput } from "../validation";
import { roomNotFound, type Viewer } from "./access";
import { toMessageDto, type MessageDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { requireRoomView } from "./rooms";
import { historyQuerySchema, postMessageSchema, sendMessageSchema } from "./schemas";

/**
 * Stores a message, then announces it to the room. A repeated client_id returns the stored message and
 * announces nothing, so a client may retry a send whose ack it never saw. Every room is public, so
 * anyone may send to one that exists: the insert's foreign key answers that, and whether the sender's
 * session still lives, in the one statement a send costs (lib/chat/access.ts: `send`).
 */
export async function sendMessage(deps: ChatDeps, actor: Actor, input: unknown): Promise<MessageDto> {
  const { room_id, content, client_id } = parseInput(sendMessageSchema, input);
  await deps.throttles.messages.take(`user:${actor.id}`);
  const stored = await deps.store.insertMessage({
    roomId: room_id,
    userId: actor.id,
    content,
    clientId: client_id ?? null,
    sessionId: actor.sessionId,
  });
  if (stored.status === "no_room") throw roomNotFound();
  if (stored.status === "session_ended") throw new ChatError("unauthorized", "session_ended");
  const dto = toMessageDto(stored.message);
  if (stored.created) {
    metrics().messagesStored.inc();
    deps.events.publish("new_message", dto, { to: "room", roomId: room_id });
  }
  return dto;
}

/** The HTTP send: the room comes from the URL, the rest from the body. */
export async function postMessage(deps: ChatDeps, actor: Actor, roomId: number, body: unknown): Promise<MessageDto> {
  const fields = parseInput(postMessageSchema, body);
  return sendMessage(deps, actor, { ...fields, room_id: roomId });
}

/**
 * One page of a room's history, oldest first: the latest messages, a keyset page by id (`before`,
 * `after`), or the change cursor (`changed_after`: what was created or changed after that version, in
 * version order, which is how a client catches up after a reconnect).
 */
export async function listMessages(
  deps: Pick<ChatDeps, "store">,
  viewer: Viewer,
  roomId: number,
  query: Record<string, string | undefined>,
): Promise<MessageDto[]> {
  const { limit, before, after, changed_after } = parseInput(historyQuerySchema, query);
  await requireRoomView(deps.store, viewer, roomId);
  const messages = await deps.store.listMessages({ roomId, limit, before, after, changedAfter: changed_after });
  return messages.map(toMessageDto);
}
