import { CircleAlert } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import type { PendingMessage } from "@/lib/client/chat-state";
import { formatDay, formatFull, formatStamp, formatTime } from "@/lib/client/format";
import type { DayRow, MessageRow } from "@/lib/client/timeline-rows";
import { useCityName } from "@/lib/client/use-city-name";
import { Avatar } from "./avatar";
import { MessageContent } from "./message-content";

interface MessageRowProps {
  row: MessageRow;
  /** Times are the viewer's local ones, known only in the browser. */
  showTimes: boolean;
  onRetry: (message: PendingMessage) => void;
  onDiscard: (message: PendingMessage) => void;
}

export function MessageRowView({ row, showTimes, onRetry, onDiscard }: MessageRowProps) {
  const t = useTranslations("chat");
  const locale = useLocale();
  const cityName = useCityName();
  const city = cityName(row.city);
  const iso = row.date.toISOString();
  const pending = row.status === "pending";
  const failed = row.status === "failed";
  return (
    <li
      className={`group relative flex gap-4 py-0.5 pr-4 pl-4 hover:bg-deep/20 ${row.grouped ? "" : "mt-[1.0625rem]"}`}
      aria-busy={pending || undefined}
    >
      {row.grouped ? (
        <time
          dateTime={iso}
          title={showTimes ? formatFull(row.date, locale) : undefined}
          className="w-10 shrink-0 pt-1 text-right text-[11px] leading-[1.375rem] text-muted opacity-0 group-hover:opacity-100 group-focus-within:opacity-100"
        >
          {showTimes ? formatTime(row.date, locale) : null}
        </time>
      ) : (
        <div className="pt-0.5">
          <Avatar userId={row.authorId} name={row.username} />
        </div>
      )}
      <div className="min-w-0 flex-1">
        {row.grouped ? (
          <span className="sr-only">{t("message.author", { name: row.username })}</span>
        ) : (
          <p className="flex min-w-0 items-baseline gap-x-2 leading-[1.375rem] whitespace-nowrap">
            <span className="min-w-0 truncate font-medium text-ink-strong" title={row.username}>
              {row.username}
            </span>
            {/* Gives way four times faster than the name, but keeps enough to show which city it starts with. */}
            <span className="min-w-[4.5rem] shrink-[4] truncate text-xs text-muted" title={city}>
              {t("place", { city })}
            </span>
            <time dateTime={iso} title={showTimes ? formatFull(row.date, locale) : undefined} className="shrink-0 text-xs text-muted">
              {showTimes ? formatStamp(row.date, locale) : null}
            </time>
          </p>
        )}
        <div
          className={`leading-[1.375rem] whitespace-pre-wrap [overflow-wrap:anywhere] ${
            failed ? "text-danger" : pending ? "text-muted" : "text-ink"
          }`}
        >
          <MessageContent content={row.content} />
          {pending ? <span className="sr-only"> {t("message.sending")}</span> : null}
        </div>
        {failed && row.pending ? <FailedActions message={row.pending} error={row.error} onRetry={onRetry} onDiscard={onDiscard} /> : null}
      </div>
    </li>
  );
}

function FailedActions({
  message,
  error,
  onRetry,
  onDiscard,
}: {
  message: PendingMessage;
  error: string | undefined;
  onRetry: (message: PendingMessage) => void;
  onDiscard: (message: PendingMessage) => void;
}) {
  const t = useTranslations("chat.message");
  return (
    <div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
      <span className="flex items-center gap-1 text-danger">
        <CircleAlert aria-hidden="true" className="size-3.5 shrink-0" />
        {error ? t("not_sent_because", { error }) : t("not_sent")}
      </span>
      <button type="button" onClick={() => onRetry(message)} className="font-medium text-link hover:underline max-md:min-h-11 max-md:min-w-11">
        {t("retry")}
      </button>
      <button type="button" onClick={() => onDiscard(message)} className="text-muted hover:text-ink hover:underline max-md:min-h-11 max-md:min-w-11">
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
      <span className="text-xs font-semibold text-muted">
        {formatDay(row.date, locale)}
      </span>
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
    </li>
  );
}
