import { Info, X } from "lucide-react";

export function NoticeBar({ text, onDismiss }: { text: string | null; onDismiss: () => void }) {
  return (
    <div role="status" className="shrink-0">
      {text ? (
        <div className="flex items-start gap-2 border-b border-deep bg-panel px-4 py-2 text-sm text-ink">
          <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-link" />
          <p className="min-w-0 flex-1 [overflow-wrap:anywhere]">{text}</p>
          <button
            type="button"
            onClick={onDismiss}
            aria-label="Скрыть уведомление"
            className="flex items-center justify-center rounded p-0.5 text-muted hover:bg-line hover:text-ink-strong max-md:-my-2 max-md:size-11"
          >
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      ) : null}
    </div>
  );
}
