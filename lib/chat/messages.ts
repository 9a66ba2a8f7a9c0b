import type { Message, MessageView } from "../db/types";
import { ChatError, isChatError } from "../errors";
import { metrics } from "../metrics";
import { parseInput } from "../validation";
import { contextOf, messageNotFound, requireAccess as requireRoomAccess, requireActionOn, requireMessageAccess, roomNotFound, type AccessTarget, type MessageAction, type Viewer } from "./access";
import { recordAudit } from "./audit";
import { toMessageDto, type MessageDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { requireRoomView } from "./rooms";
import {
  editMessageSchema,
  historyQuerySchema,
  MAX_REACTIONS,
  messageRefSchema,
  patchMessageSchema,
  postMessageSchema,
  reactionSchema,
  reactorsQuerySchema,
  sendMessageSchema,
} from "./schemas";

/** The messages with their reply previews and reactions, as `viewerId` reads them (null: a broadcast, `me` false for all). */
async function viewsOf(deps: Pick<ChatDeps, "store">, messages: Message[], viewerId: number | null): Promise<MessageView[]> {
  return deps.store.viewMessages(messages, viewerId);
}

/** The room's copy of a message the actor has just seen: the same, but `me` is nobody's (it is addressed to all). */
const forTheRoom = (dto: MessageDto): MessageDto => ({ ...dto, reactions: dto.reactions.map((reaction) => ({ ...reaction, me: false })) });

async function viewOf(deps: Pick<ChatDeps, "store">, message: Message, viewerId: number | null): Promise<MessageDto> {
  const [view] = await viewsOf(deps, [message], viewerId);
  if (!view) throw new Error(`message ${message.id} has no view`);
  return toMessageDto(view);
}

/** A reply must answer a message of its own room; a deleted one still counts (its tombstone keeps its place). */
async function requireReplyTarget(deps: Pick<ChatDeps, "store">, roomId: number, replyToId: number | undefined): Promise<void> {
  if (replyToId === undefined) return;
  const original = await deps.store.getMessage(replyToId);
  if (original?.roomId !== roomId) throw new ChatError("invalid_input", "reply_invalid", { fields: { reply_to_id: "reply_invalid" } });
}

/**
 * Why a send was refused, asked only then: the room's view says whether the sender may read it and
 * send there (access.ts words the refusal: not found, timed out, blocked); if they may, their session ended.
 */
async function refusalOf(deps: Pick<ChatDeps, "store">, actor: Actor, roomId: number): Promise<ChatError> {
  const view = await deps.store.getRoomView(roomId, actor.id);
  if (!view) return roomNotFound();
  try {
    requireRoomAccess(actor, "send", contextOf(view));
  } catch (err) {
    if (isChatError(err)) return err;
    throw err;
  }
  return new ChatError("unauthorized", "session_ended");
}

/**
 * Stores a message, then announces it to the room. A repeated client_id returns the stored message and
 * announces nothing, so a client may retry a send whose ack it never saw. The insert itself carries the
 * `send` rule of lib/chat/access.ts and whether the sender's session still lives, so a send costs one
 * statement; only a refused one reads why.
 */
export async function sendMessage(deps: ChatDeps, actor: Actor, input: unknown): Promise<MessageDto> {
  const { room_id, content, client_id, reply_to_id } = parseInput(sendMessageSchema, input);
  await deps.throttles.messages.take(`user:${actor.id}`);
  await requireReplyTarget(deps, room_id, reply_to_id);
  const stored = await deps.store.insertMessage({
    roomId: room_id,
    userId: actor.id,
    content,
    clientId: client_id ?? null,
    replyToId: reply_to_id ?? null,
    sessionId: actor.sessionId,
  });
  if (stored.status === "refused") throw await refusalOf(deps, actor, room_id);
  const { message, created } = stored;
  // A new message has no reactions yet; only a reply needs its preview read (the common send costs one statement).
  const dto =
    created && message.replyToId === null ? toMessageDto({ ...message, replyTo: null, reactions: [] }) : await viewOf(deps, message, actor.id);
  if (created) {
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
 * `after`), a page about one message (`around`), or the change cursor (`changed_after`: what was created
 * or changed after that version, in version order, which is how a client catches up after a reconnect).
 */
export async function listMessages(
  deps: Pick<ChatDeps, "store">,
  viewer: Viewer,
  roomId: number,
  query: Record<string, string | undefined>,
): Promise<MessageDto[]> {
  const { limit, before, after, changed_after, around } = parseInput(historyQuerySchema, query);
  await requireRoomView(deps.store, viewer, roomId);
  const messages = await deps.store.listMessages({ roomId, limit, before, after, changedAfter: changed_after, around });
  return (await viewsOf(deps, messages, viewer.id)).map(toMessageDto);
}

/**
 * The message, its room as the actor sees it, and the actor's right to act on it. `roomId` is the room an
 * HTTP path names: a message of another room is not found there.
 */
async function requireMessage(deps: Pick<ChatDeps, "store" | "messageRules">, actor: Viewer, action: MessageAction, messageId: number, roomId?: number) {
  const message = await deps.store.getMessage(messageId);
  if (!message || (roomId !== undefined && message.roomId !== roomId)) throw messageNotFound();
  const view = await deps.store.getRoomView(message.roomId, actor.id);
  if (!view) throw messageNotFound();
  // Deleting someone else's message is moderation: their rank in the room decides whether it is allowed.
  const author = action === "delete_message" && message.userId !== actor.id ? await authorOf(deps, message.roomId, message.userId) : undefined;
  requireAccess(actor, action, { context: contextOf(view), message, author }, deps);
  return message;
}

async function authorOf(deps: Pick<ChatDeps, "store">, roomId: number, userId: number): Promise<AccessTarget> {
  const target = await deps.store.getMemberTarget(roomId, userId);
  return { userId, role: target?.membership?.role ?? null, siteAdmin: target?.user.role === "admin" };
}

const requireAccess = (
  actor: Viewer,
  action: MessageAction,
  target: Parameters<typeof requireMessageAccess>[2],
  deps: Pick<ChatDeps, "messageRules">,
) => requireMessageAccess(actor, action, target, deps.messageRules);

/**
 * New content for one's own message: stored with its edit time and a new version, then the whole message
 * goes to the room (`message_updated`). Editing to the same content is a retry and changes nothing more.
 */
export async function editMessage(deps: ChatDeps, actor: Actor, input: unknown, roomId?: number): Promise<MessageDto> {
  const { message_id, content } = parseInput(editMessageSchema, input);
  await deps.throttles.messages.take(`user:${actor.id}`);
  const message = await requireMessage(deps, actor, "edit_message", message_id, roomId);
  if (message.content === content && message.editedAt !== null) return viewOf(deps, message, actor.id);
  const edited = await deps.store.editMessage({ id: message.id, roomId: message.roomId, content, at: new Date() });
  // Deleted between the check and the write: as if it had been a moment earlier.
  if (!edited) throw messageNotFound();
  const dto = await viewOf(deps, edited, actor.id);
  deps.events.publish("message_updated", forTheRoom(dto), { to: "room", roomId: edited.roomId });
  return dto;
}

/** The HTTP edit: the room and message come from the URL. */
export async function patchMessage(deps: ChatDeps, actor: Actor, roomId: number, messageId: number, body: unknown): Promise<MessageDto> {
  const { content } = parseInput(patchMessageSchema, body);
  return editMessage(deps, actor, { message_id: messageId, content }, roomId);
}

/**
 * Deletes a message, keeping its tombstone: its author, or the room's owner and moderators. The room hears
 * `message_updated` with the tombstone and `message_deleted`.
 */
export async function deleteMessage(deps: ChatDeps, actor: Actor, input: unknown, roomId?: number): Promise<MessageDto> {
  const { message_id } = parseInput(messageRefSchema, input);
  await deps.throttles.messages.take(`user:${actor.id}`);
  const message = await requireMessage(deps, actor, "delete_message", message_id, roomId);
  const deleted = await deps.store.deleteMessage({ id: message.id, roomId: message.roomId, at: new Date() });
  if (!deleted) throw messageNotFound();
  if (message.userId !== actor.id) {
    await recordAudit(deps, { roomId: message.roomId, actorId: actor.id, action: "message_delete", targetId: message.userId, details: { message_id: message.id } });
  }
  const tombstone = await viewOf(deps, deleted, null);
  deps.events.publish("message_updated", tombstone, { to: "room", roomId: deleted.roomId });
  deps.events.publish("message_deleted", { id: deleted.id, room_id: deleted.roomId, version: deleted.version }, { to: "room", roomId: deleted.roomId });
  return tombstone;
}

/**
 * Adds or removes the actor's emoji on a message. Both are idempotent: a retry changes nothing and
 * announces nothing. At most MAX_REACTIONS distinct emoji per message.
 */
export async function react(deps: ChatDeps, actor: Actor, change: "add" | "remove", input: unknown, roomId?: number): Promise<MessageDto> {
  const { message_id, emoji } = parseInput(reactionSchema, input);
  await deps.throttles.reactions.take(`user:${actor.id}`);
  const message = await requireMessage(deps, actor, "react", message_id, roomId);
  const reaction = { messageId: message.id, roomId: message.roomId, userId: actor.id, emoji };
  const result = change === "add" ? await deps.store.addReaction(reaction, MAX_REACTIONS) : await deps.store.removeReaction(reaction);
  if (result.status === "no_message") throw messageNotFound();
  if (result.status === "too_many") throw new ChatError("too_many_reactions", "too_many_reactions");
  if (result.status === "changed") {
    const payload = { message_id: message.id, room_id: message.roomId, emoji, user_id: actor.id, version: result.version };
    deps.events.publish(change === "add" ? "reaction_added" : "reaction_removed", payload, { to: "room", roomId: message.roomId });
  }
  // Read again: an edit may have landed between the check and the reaction, and the answer must not undo it.
  const current = await deps.store.getMessage(message.id);
  if (!current) throw messageNotFound();
  return viewOf(deps, current, actor.id);
}

/**
 * A moderator removes someone else's reaction (the room hears `reaction_removed` as if they had): the
 * person must rank below them in the room, as for deleting their message.
 */
export async function removeReactionOf(deps: ChatDeps, actor: Actor, roomId: number, input: { message_id: unknown; emoji: unknown }, userId: number): Promise<MessageDto> {
  if (userId === actor.id) return react(deps, actor, "remove", input, roomId);
  const { message_id, emoji } = parseInput(reactionSchema, input);
  const message = await deps.store.getMessage(message_id);
  if (!message || message.roomId !== roomId || message.deletedAt !== null) throw messageNotFound();
  const view = await deps.store.getRoomView(roomId, actor.id);
  if (!view) throw messageNotFound();
  requireRoomAccess(actor, "read", contextOf(view));
  requireActionOn(actor, "moderate_messages", contextOf(view), await authorOf(deps, roomId, userId));
  const result = await deps.store.removeReaction({ messageId: message.id, roomId, userId, emoji });
  if (result.status === "no_message") throw messageNotFound();
  if (result.status === "changed") {
    await recordAudit(deps, { roomId, actorId: actor.id, action: "reaction_remove", targetId: userId, details: { message_id: message.id, emoji } });
    deps.events.publish("reaction_removed", { message_id: message.id, room_id: roomId, emoji, user_id: userId, version: result.version }, { to: "room", roomId });
  }
  const current = await deps.store.getMessage(message.id);
  if (!current) throw messageNotFound();
  return viewOf(deps, current, actor.id);
}

/** Who reacted to a message with an emoji, earliest first: the names a reaction's tooltip shows. */
export async function listReactors(
  deps: Pick<ChatDeps, "store" | "messageRules">,
  viewer: Viewer,
  roomId: number,
  input: { message_id: unknown; emoji: unknown },
  query: Record<string, string | undefined>,
): Promise<{ id: number; username: string }[]> {
  const { message_id, emoji } = parseInput(reactionSchema, input);
  const { limit } = parseInput(reactorsQuerySchema, query);
  const message = await requireMessage(deps, viewer, "react", message_id, roomId);
  return deps.store.listReactors(message.id, emoji, limit);
}
