import { Info, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { use } from "react";
import type { Notice } from "@/lib/client/chat-state";
import { noticeText } from "@/lib/client/notice-text";
import { ViewerContext } from "@/lib/client/use-room-name";

export function NoticeBar({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  const t = useTranslations();
  const meId = use(ViewerContext);
  return (
    <div role="status" className="shrink-0">
      {notice ? (
        <div className="flex items-start gap-2 border-b border-deep bg-panel px-4 py-2 text-sm text-ink">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-link" />
          <p className="min-w-0 flex-1 [overflow-wrap:anywhere]">{noticeText(notice, t, meId)}</p>
          <button
            type="button"
            onClick={onDismiss}
            aria-label={t("chat.notice.dismiss")}
            className="flex items-center justify-center rounded p-0.5 text-muted hover:bg-line hover:text-ink-strong max-md:-my-2 max-md:size-11"
          >
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      ) : null}
    </div>
  );
}
