import { useTranslations } from "next-intl";
import type { ReplyPreview as Preview } from "@/lib/client/timeline-rows";
import { useConversation } from "./conversation-context";

/** The one line above a reply that says what it answers; pressing it goes to the original. */
export function ReplyPreview({ preview }: { preview: Preview }) {
  const t = useTranslations("chat.reply");
  const { jumpTo } = useConversation();
  return (
    <div className="flex min-w-0 items-center gap-1 pb-0.5">
      {/* The spine from the reply's avatar up to the middle of the line it quotes, as on Discord; taller on a phone. */}
      <span
        aria-hidden="true"
        className="mt-2.5 ml-[1.1875rem] h-2.5 w-8 shrink-0 self-start rounded-tl-md border-t-2 border-l-2 border-line max-md:mt-[1.375rem] max-md:h-[1.375rem]"
      />
      <button
        type="button"
        onClick={(event) => jumpTo(preview.id, event.detail === 0)}
        className="flex min-w-0 items-baseline gap-1.5 rounded px-1 text-left text-sm leading-5 hover:bg-line/40 max-md:min-h-11 max-md:items-center"
      >
        <span className="sr-only">{t("quote")} </span>
        <span className="max-w-40 shrink-0 truncate font-medium text-ink-strong">{preview.username}</span>
        {preview.deleted ? (
          <span className="truncate text-muted italic">{t("original_deleted")}</span>
        ) : (
          <span className="truncate text-muted">{preview.content}</span>
        )}
      </button>
    </div>
  );
}
