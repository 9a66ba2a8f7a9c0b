import type { Notice } from "./chat-state";
import { roomDisplayName } from "./room-param";

type NoticeKey = "common.default_room_name" | "chat.room_not_found" | "chat.notice.room_deleted" | "chat.notice.room_deleted_moved";

/** The catalogue's words a notice needs; next-intl's translator of the whole catalogue fits. */
export type NoticeWords = (key: NoticeKey, values?: Record<string, string>) => string;

/** A notice as the reader sees it. */
export function noticeText(notice: Notice, t: NoticeWords): string {
  if (notice.kind === "server") return notice.text;
  const room = roomDisplayName(notice.room, t);
  if (!notice.movedTo) return t("chat.notice.room_deleted", { room });
  return t("chat.notice.room_deleted_moved", { room, fallback: roomDisplayName(notice.movedTo, t) });
}
