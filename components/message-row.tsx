import { CircleAlert } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import type { KeyboardEvent, MouseEvent } from "react";
import { formatDay, formatFull, formatStamp, formatTime } from "@/lib/client/format";
import type { DayRow, MessageRow } from "@/lib/client/timeline-rows";
import { useCityName } from "@/lib/client/use-city-name";
import { Avatar } from "./avatar";
import { messageRowId, useConversation } from "./conversation-context";
import { MessageContent } from "./message-content";
import { MessageEditor } from "./message-editor";
import { MessageToolbar } from "./message-toolbar";
import { usePeople } from "./people-context";
import { ReactionBar } from "./reaction-bar";
import { ReplyPreview } from "./reply-preview";

interface MessageRowProps {
  row: MessageRow;
  /** Times are the viewer's local ones, known only in the browser. */
  showTimes: boolean;
}

/** The keys that open a context menu from the keyboard. */
const isMenuKey = (event: KeyboardEvent) => event.key === "ContextMenu" || (event.shiftKey && event.key === "F10");

/**
 * One message. A row that can be acted on (acknowledged, not a tombstone, not being edited) takes focus (the log's
 * arrow keys move it), shows its toolbar while hovered or focused, and opens its menu on right-click, on the
 * context-menu key or Shift+F10, and on a long press where the browser turns that into a context menu.
 */
export function MessageRowView({ row, showTimes }: MessageRowProps) {
  const { editingId, replyingId, activeId, openMenu } = useConversation();
  const { message } = row;
  const editing = message !== null && editingId === message.id && !message.deleted;
  const actionable = message !== null && !message.deleted && row.status === "sent" && !editing ? message : null;
  const busy = row.status === "pending" || row.edit?.status === "pending" || row.deleting;

  function openAtPointer(event: MouseEvent<HTMLLIElement>) {
    if (!actionable) return;
    const target = event.target as HTMLElement;
    const selection = document.getSelection();
    // A link's own menu, the editor's spelling menu and a selection to copy stay the browser's.
    if (target.closest("a, textarea") || (selection && !selection.isCollapsed && event.currentTarget.contains(selection.anchorNode))) return;
    event.preventDefault();
    openMenu(actionable, { x: event.clientX, y: event.clientY });
  }

  function openFromKeyboard(event: KeyboardEvent<HTMLLIElement>) {
    if (!actionable || !isMenuKey(event) || (event.target as HTMLElement).closest("a, textarea")) return;
    event.preventDefault();
    openMenu(actionable, event.currentTarget);
  }

  return (
    <li
      id={message ? messageRowId(message.id) : undefined}
      tabIndex={message ? -1 : undefined}
      data-message-row={message ? "" : undefined}
      data-active={(message !== null && activeId === message.id) || undefined}
      data-replying={(message !== null && replyingId === message.id) || undefined}
      data-focus-ring="inset"
      onContextMenu={openAtPointer}
      onKeyDown={openFromKeyboard}
      aria-busy={busy || undefined}
      className={`group relative py-0.5 pr-4 pl-4 hover:bg-deep/20 focus-within:bg-deep/20 data-[active=true]:bg-deep/20 data-[replying=true]:bg-blurple/10 data-[replying=true]:shadow-[inset_2px_0] data-[replying=true]:shadow-blurple ${row.grouped ? "" : "mt-[1.0625rem]"}`}
    >
      {row.replyTo ? <ReplyPreview preview={row.replyTo} /> : null}
      <div className="flex gap-4">
        <Gutter row={row} showTimes={showTimes} />
        <div className="min-w-0 flex-1">
          {row.grouped ? <GroupedAuthor name={row.username} /> : <Header row={row} showTimes={showTimes} />}
          {editing ? <MessageEditor message={message} content={row.content} /> : <Body row={row} showTimes={showTimes} />}
          <Failure row={row} />
          {message && !message.deleted ? <ReactionBar message={message} reactions={row.reactions} /> : null}
        </div>
      </div>
      {actionable ? <MessageToolbar message={actionable} /> : null}
    </li>
  );
}

function Gutter({ row, showTimes }: MessageRowProps) {
  const locale = useLocale();
  if (!row.grouped) {
    return (
      <div className="pt-0.5">
        <Avatar userId={row.authorId} name={row.username} />
      </div>
    );
  }
  return (
    <time
      dateTime={row.date.toISOString()}
      title={showTimes ? formatFull(row.date, locale) : undefined}
      className="w-10 shrink-0 pt-1 text-right text-[11px] leading-[1.375rem] text-muted opacity-0 group-hover:opacity-100 group-focus-within:opacity-100"
    >
      {showTimes ? formatTime(row.date, locale) : null}
    </time>
  );
}

/** A grouped row has no header to see, but a screen reader still says whose message it is. */
function GroupedAuthor({ name }: { name: string }) {
  const t = useTranslations("chat.message");
  return <span className="sr-only">{t("author", { name })}</span>;
}

function Header({ row, showTimes }: MessageRowProps) {
  const t = useTranslations("chat");
  const locale = useLocale();
  const cityName = useCityName();
  const { openProfile } = usePeople();
  const city = cityName(row.city);
  return (
    <p className="flex min-w-0 items-baseline gap-x-2 leading-[1.375rem] whitespace-nowrap">
      {/*
        Out of the tab order: fifty names on the way to the composer would scroll the log and load its history.
        From the keyboard the card opens from the message's menu, or from the member list.
      */}
      <button
        type="button"
        tabIndex={-1}
        data-author=""
        onClick={(event) => openProfile({ id: row.authorId, username: row.username, city: row.city }, event.currentTarget)}
        title={row.username}
        // A fingertip's height on phones, reaching into the space around the line instead of making it taller.
        className="min-w-0 truncate text-left font-medium text-ink-strong hover:underline max-md:-my-[11px] max-md:min-h-11 max-md:min-w-11"
      >
        {row.username}
      </button>
      {/* Gives way four times faster than the name, but keeps enough to show which city it starts with. */}
      <span className="min-w-[4.5rem] shrink-[4] truncate text-xs text-muted" title={city}>
        {t("place", { city })}
      </span>
      <time dateTime={row.date.toISOString()} title={showTimes ? formatFull(row.date, locale) : undefined} className="shrink-0 text-xs text-muted">
        {showTimes ? formatStamp(row.date, locale) : null}
      </time>
    </p>
  );
}

/** The text as I see it: dimmed while my send, edit or deletion is on its way, red when refused. */
function Body({ row, showTimes }: MessageRowProps) {
  const t = useTranslations("chat.message");
  const locale = useLocale();
  const failed = row.status === "failed" || row.edit?.status === "failed";
  const waiting = row.status === "pending" || row.edit?.status === "pending" || row.deleting;
  const status = row.status === "pending" ? "sending" : row.edit?.status === "pending" ? "saving" : row.deleting ? "deleting" : null;
  return (
    // The last paragraph runs inline, so «(изменено)» follows the text as on Discord instead of taking a line of its own.
    <div
      data-message-body=""
      className={`leading-[1.375rem] whitespace-pre-wrap [overflow-wrap:anywhere] [&>p:last-of-type]:inline ${failed ? "text-danger" : waiting ? "text-muted" : "text-ink"}`}>
      {row.deleted ? <span className="text-muted italic">{t("deleted")}</span> : <MessageContent content={row.content} />}
      {row.editedAt && !row.deleted && !row.edit ? (
        <>
          {" "}
          <span title={showTimes ? t("edited_at", { time: formatFull(row.editedAt, locale) }) : undefined} className="text-[0.6875rem] text-muted">
            {t("edited")}
          </span>
        </>
      ) : null}
      {status ? <span className="sr-only"> {t(status)}</span> : null}
    </div>
  );
}

/** A refused send or edit, to send again or to drop. */
function Failure({ row }: { row: MessageRow }) {
  const t = useTranslations("chat.message");
  const { retrySend, discardSend, retryEdit, discardEdit } = useConversation();
  const { message, pending } = row;
  if (row.status === "failed" && pending) {
    return (
      <FailedActions
        text={row.error ? t("not_sent_because", { error: row.error }) : t("not_sent")}
        onRetry={() => retrySend(pending)}
        onDiscard={() => discardSend(pending)}
      />
    );
  }
  if (row.edit?.status === "failed" && message) {
    return <FailedActions text={t("not_saved_because", { error: row.edit.error ?? "" })} onRetry={() => retryEdit(message.id)} onDiscard={() => discardEdit(message.id)} />;
  }
  return null;
}

function FailedActions({ text, onRetry, onDiscard }: { text: string; onRetry: () => void; onDiscard: () => void }) {
  const t = useTranslations("chat.message");
  return (
    <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
      <span className="flex items-center gap-1 text-danger">
        <CircleAlert aria-hidden="true" className="size-3.5 shrink-0" />
        {text}
      </span>
      <button type="button" onClick={onRetry} className="font-medium text-link hover:underline max-md:min-h-11 max-md:min-w-11">
        {t("retry")}
      </button>
      <button type="button" onClick={onDiscard} className="text-muted hover:text-ink hover:underline max-md:min-h-11 max-md:min-w-11">
        {t("discard")}
      </button>
    </div>
  );
}

export function DaySeparator({ row }: { row: DayRow }) {
  const locale = useLocale();
  return (
    <li className="mx-4 mt-6 mb-2 flex items-center gap-2">
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
      <span className="text-xs font-semibold text-muted">{formatDay(row.date, locale)}</span>
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
    </li>
  );
}
