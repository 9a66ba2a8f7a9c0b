import type { MessageDto, PresenceUserDto } from "@/lib/chat/dto";
import type { PendingMessage, RoomTimeline } from "./chat-state";
import { displayedReactions, previewOf } from "./conversation-state";
import { dayKey } from "./format";

/** Discord groups a run of one author's messages when each follows the previous within a few minutes. */
const GROUP_WINDOW_MS = 7 * 60 * 1000;

export type ReplyPreview = NonNullable<MessageDto["reply_to"]>;

export interface MessageRow {
  kind: "message";
  key: string;
  /** The server's copy; null while my send is on its way. */
  message: MessageDto | null;
  authorId: number;
  username: string;
  city: string;
  /** As I see it: my edit on its way shows over the server's text. */
  content: string;
  date: Date;
  /** Continues the previous row's group: no avatar, no name. */
  grouped: boolean;
  status: "sent" | "pending" | "failed";
  error?: string;
  pending?: PendingMessage;
  editedAt: Date | null;
  deleted: boolean;
  replyTo: ReplyPreview | null;
  reactions: MessageDto["reactions"];
  /** My edit of it, on its way or refused. */
  edit: { status: "pending" | "failed"; error?: string } | null;
  /** My deletion of it is on its way. */
  deleting: boolean;
}

export interface DayRow {
  kind: "day";
  key: string;
  date: Date;
}

/** Where the room has messages this timeline has not loaded (after a jump to an older one). */
export interface GapRow {
  kind: "gap";
  key: string;
}

export type TimelineRow = MessageRow | DayRow | GapRow;

const keyOf = (authorId: number, clientId: string | null, id: number | null) =>
  clientId ? `c:${authorId}:${clientId}` : `m:${id ?? 0}`;

type Item = Omit<MessageRow, "grouped">;

function fromMessage(message: MessageDto, timeline: RoomTimeline): Item {
  const change = timeline.changes[message.id];
  // An edit refused because the message was deleted meanwhile stays shown on the tombstone, to be dropped.
  const edit = change?.edit;
  return {
    kind: "message",
    key: keyOf(message.user_id, message.client_id, message.id),
    message,
    authorId: message.user_id,
    username: message.username,
    city: message.user_city,
    content: message.deleted ? "" : (edit?.content ?? message.content),
    date: new Date(message.timestamp),
    status: "sent",
    editedAt: message.edited_at ? new Date(message.edited_at) : null,
    deleted: message.deleted,
    replyTo: message.reply_to,
    reactions: message.deleted ? [] : displayedReactions(message, change),
    edit: edit ? { status: edit.status, ...(edit.error === undefined ? {} : { error: edit.error }) } : null,
    deleting: !message.deleted && change?.deleting === true,
  };
}

function fromPending(pending: PendingMessage, me: PresenceUserDto, timeline: RoomTimeline): Item {
  const original = pending.reply_to_id === undefined ? undefined : timeline.messages.find((m) => m.id === pending.reply_to_id);
  return {
    kind: "message",
    // The same key as the acknowledged copy, so React keeps the row and only its status changes.
    key: keyOf(me.id, pending.client_id, null),
    message: null,
    authorId: me.id,
    username: me.username,
    city: me.city,
    content: pending.content,
    date: new Date(pending.created_at),
    status: pending.status,
    error: pending.error,
    pending,
    editedAt: null,
    deleted: false,
    replyTo: original ? previewOf(original) : null,
    reactions: [],
    edit: null,
    deleting: false,
  };
}

const crossesGap = (timeline: RoomTimeline, previous: MessageRow | null, item: Item) =>
  timeline.gap !== null && previous?.message != null && previous.message.id <= timeline.gap.after && (item.message?.id ?? Infinity) >= timeline.gap.before;

/**
 * Rows in display order. Day separators need the viewer's timezone, so they are left out until
 * `localDays` is true (after hydration).
 */
export function timelineRows(timeline: RoomTimeline, me: PresenceUserDto, localDays: boolean): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: MessageRow | null = null;
  const items = [...timeline.messages.map((m) => fromMessage(m, timeline)), ...timeline.pending.map((p) => fromPending(p, me, timeline))];
  for (const item of items) {
    const afterGap = crossesGap(timeline, previous, item);
    if (afterGap) rows.push({ kind: "gap", key: `g:${item.key}` });
    const newDay = previous === null || dayKey(previous.date) !== dayKey(item.date);
    if (localDays && newDay) rows.push({ kind: "day", key: `d:${item.key}`, date: item.date });
    const grouped =
      previous !== null &&
      !afterGap &&
      // A reply shows whom it answers above its author's name, as a new group.
      item.replyTo === null &&
      previous.authorId === item.authorId &&
      previous.city === item.city &&
      !(localDays && newDay) &&
      item.date.getTime() - previous.date.getTime() < GROUP_WINDOW_MS;
    const row: MessageRow = { ...item, grouped };
    rows.push(row);
    previous = row;
  }
  return rows;
}
