import type { Notice } from "./chat-state";
import { roomDisplayName } from "./room-param";

type NoticeKey =
  | "common.default_room_name"
  | "chat.room_not_found"
  | "members.direct.only_you"
  | "chat.notice.room_deleted"
  | "chat.notice.room_deleted_moved"
  | "members.notice.access_lost"
  | "members.leave.left";

/** The catalogue's words a notice needs; next-intl's translator of the whole catalogue fits. */
export type NoticeWords = (key: NoticeKey, values?: Record<string, string>) => string;

/** A notice as the reader (`meId`, whom a conversation's name leaves out) sees it. */
export function noticeText(notice: Notice, t: NoticeWords, meId: number | null = null): string {
  if (notice.kind === "server") return notice.text;
  const room = roomDisplayName(notice.room, t, meId);
  if (notice.kind === "access_lost") return t("members.notice.access_lost", { room });
  if (notice.kind === "left") return t("members.leave.left", { room });
  if (!notice.movedTo) return t("chat.notice.room_deleted", { room });
  return t("chat.notice.room_deleted_moved", { room, fallback: roomDisplayName(notice.movedTo, t, meId) });
}
