import type { MessageDto } from "@/lib/chat/dto";

// What the chat shows of conversations beyond the server's copy of each message: changes of mine on their way
// (an edit, a deletion, a reaction, held in the outbox) and who is typing. Pure, for chat-state.ts's reducer.

const REPLY_PREVIEW_LENGTH = 100;

/** My change to one message the server has not acknowledged yet. */
export interface PendingChange {
  edit?: { content: string; status: "pending" | "failed"; error?: string };
  deleting?: boolean;
  /** Per emoji, whether I am adding (true) or removing (false) it. */
  reactions?: Record<string, boolean>;
}

export interface Typist {
  id: number;
  username: string;
  /** Epoch ms of the last signal. */
  at: number;
}

/** Receivers end «is typing» on their own this long after the last signal (the typist signals every 3 s). */
export const TYPING_EXPIRES_MS = 8_000;

/** A reply's preview as the server would now render it from the message it answers. */
export const previewOf = (message: MessageDto): NonNullable<MessageDto["reply_to"]> => ({
  id: message.id,
  username: message.username,
  content: [...message.content].slice(0, REPLY_PREVIEW_LENGTH).join(""),
  deleted: message.deleted,
});

/** Replies on screen follow the message they answer: its edit shows in their previews, its deletion too. */
export function withFreshPreviews(messages: MessageDto[], changed: MessageDto): MessageDto[] {
  if (!messages.some((m) => m.reply_to?.id === changed.id)) return messages;
  const preview = previewOf(changed);
  return messages.map((m) => (m.reply_to?.id === changed.id ? { ...m, reply_to: preview } : m));
}

/**
 * A broadcast copy says `me: false` for every reaction (it is addressed to the whole room); the copy
 * already on screen knows which are mine, and a broadcast of an edit does not change that.
 */
export function keepMyReactions(incoming: MessageDto, known: MessageDto | undefined): MessageDto {
  if (!known || incoming.reactions.length === 0) return incoming;
  const mine = new Set(known.reactions.filter((r) => r.me).map((r) => r.emoji));
  return { ...incoming, reactions: incoming.reactions.map((r) => ({ ...r, me: r.me || mine.has(r.emoji) })) };
}

/** The tombstone of a message, as the server stores it. */
export const tombstoneOf = (message: MessageDto, version: number): MessageDto => ({
  ...message,
  content: "",
  deleted: true,
  reactions: [],
  version: Math.max(version, message.version),
});

/**
 * One reaction added or removed by someone, applied only when it is news for this copy: the event's version
 * is past the copy's, so the ack of my own reaction and its broadcast never count it twice.
 */
export function withReaction(message: MessageDto, change: { emoji: string; added: boolean; mine: boolean; version: number }): MessageDto {
  if (change.version <= message.version) return message;
  const present = message.reactions.find((r) => r.emoji === change.emoji);
  let reactions: MessageDto["reactions"];
  if (change.added) {
    reactions = present
      ? message.reactions.map((r) => (r === present ? { ...r, count: r.count + 1, me: r.me || change.mine } : r))
      : [...message.reactions, { emoji: change.emoji, count: 1, me: change.mine }];
  } else {
    reactions = message.reactions
      .map((r) => (r === present ? { ...r, count: r.count - 1, me: change.mine ? false : r.me } : r))
      .filter((r) => r.count > 0);
  }
  return { ...message, reactions, version: change.version };
}

/** The reactions as I see them: the server's, with my changes on their way already applied. */
export function displayedReactions(message: MessageDto, change: PendingChange | undefined): MessageDto["reactions"] {
  const pending = change?.reactions;
  if (!pending) return message.reactions;
  let reactions = message.reactions;
  for (const [emoji, adding] of Object.entries(pending)) {
    const present = reactions.find((r) => r.emoji === emoji);
    if (adding && !present?.me) {
      reactions = present ? reactions.map((r) => (r === present ? { ...r, count: r.count + 1, me: true } : r)) : [...reactions, { emoji, count: 1, me: true }];
    } else if (!adding && present?.me) {
      reactions = reactions.map((r) => (r === present ? { ...r, count: r.count - 1, me: false } : r)).filter((r) => r.count > 0);
    }
  }
  return reactions;
}

/** Who is typing in a room now, by the time of their last signal; my own signals are never here. */
export function typistsAt(typists: Typist[] | undefined, now: number): Typist[] {
  return (typists ?? []).filter((t) => now - t.at < TYPING_EXPIRES_MS);
}

export function withTypist(typists: Typist[] | undefined, typist: Typist, stopped: boolean): Typist[] {
  const others = (typists ?? []).filter((t) => t.id !== typist.id);
  return stopped ? others : [...others, typist];
}
