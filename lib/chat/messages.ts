import { ChatError } from "../errors";
import { parseInput } from "../validation";
import { toMessageDto, type MessageDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { requireRoom, roomNotFound } from "./rooms";
import { historyQuerySchema, postMessageSchema, sendMessageSchema } from "./schemas";

/**
 * Stores a message, then announces it. A repeated client_id returns the stored message and announces
 * nothing, so a client may retry a send whose ack it never saw.
 */
export async function sendMessage(deps: ChatDeps, user: Actor, input: unknown): Promise<MessageDto> {
  const { room_id, content, client_id } = parseInput(sendMessageSchema, input);
  await deps.throttles.messages.take(`user:${user.id}`);
  // The insert itself says whether the room exists: one round trip per send, not two.
  const stored = await deps.store.insertMessage({
    roomId: room_id,
    userId: user.id,
    content,
    clientId: client_id ?? null,
    sessionId: user.sessionId,
  });
  if (stored.status === "no_room") throw roomNotFound();
  if (stored.status === "session_ended") throw new ChatError("unauthorized", "Сеанс завершён — войдите снова");
  const { message, created } = stored;
  const dto = toMessageDto(message);
  if (created) deps.events.messageCreated(dto);
  return dto;
}

/** The HTTP send: the room comes from the URL, the rest from the body. */
export function postMessage(deps: ChatDeps, user: Actor, roomId: number, body: unknown): Promise<MessageDto> {
  const fields = parseInput(postMessageSchema, body);
  return sendMessage(deps, user, { ...fields, room_id: roomId });
}

/** One keyset page of a room's history, oldest first. */
export async function listMessages(
  deps: Pick<ChatDeps, "store">,
  roomId: number,
  query: Record<string, string | undefined>,
): Promise<MessageDto[]> {
  const { limit, before, after } = parseInput(historyQuerySchema, query);
  await requireRoom(deps.store, roomId);
  const messages = await deps.store.listMessages({ roomId, limit, before, after });
  return messages.map(toMessageDto);
}
