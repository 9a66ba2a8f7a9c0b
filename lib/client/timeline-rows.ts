import type { MessageDto, PresenceUserDto } from "@/lib/chat/dto";
import type { PendingMessage, RoomTimeline } from "./chat-state";
import { dayKey } from "./format";

/** Discord groups a run of one author's messages when each follows the previous within a few minutes. */
const GROUP_WINDOW_MS = 7 * 60 * 1000;

export interface MessageRow {
  kind: "message";
  key: string;
  authorId: number;
  username: string;
  city: string;
  content: string;
  date: Date;
  /** Continues the previous row's group: no avatar, no name. */
  grouped: boolean;
  status: "sent" | "pending" | "failed";
  error?: string;
  pending?: PendingMessage;
}

export interface DayRow {
  kind: "day";
  key: string;
  date: Date;
}

export type TimelineRow = MessageRow | DayRow;

const keyOf = (authorId: number, clientId: string | null, id: number | null) =>
  clientId ? `c:${authorId}:${clientId}` : `m:${id ?? 0}`;

function fromMessage(message: MessageDto): Omit<MessageRow, "grouped"> {
  return {
    kind: "message",
    key: keyOf(message.user_id, message.client_id, message.id),
    authorId: message.user_id,
    username: message.username,
    city: message.user_city,
    content: message.content,
    date: new Date(message.timestamp),
    status: "sent",
  };
}

function fromPending(pending: PendingMessage, me: PresenceUserDto): Omit<MessageRow, "grouped"> {
  return {
    kind: "message",
    // The same key as the acknowledged copy, so React keeps the row and only its status changes.
    key: keyOf(me.id, pending.client_id, null),
    authorId: me.id,
    username: me.username,
    city: me.city,
    content: pending.content,
    date: new Date(pending.created_at),
    status: pending.status,
    error: pending.error,
    pending,
  };
}

/**
 * Rows in display order. Day separators need the viewer's timezone, so they are left out until
 * `localDays` is true (after hydration).
 */
export function timelineRows(timeline: RoomTimeline, me: PresenceUserDto, localDays: boolean): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: MessageRow | null = null;
  const items = [...timeline.messages.map(fromMessage), ...timeline.pending.map((p) => fromPending(p, me))];
  for (const item of items) {
    const newDay = previous === null || dayKey(previous.date) !== dayKey(item.date);
    if (localDays && newDay) rows.push({ kind: "day", key: `d:${item.key}`, date: item.date });
    const grouped =
      previous !== null &&
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
