"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { AUTOFOCUS } from "./modal-dialog";

interface DangerActionsProps {
  confirmLabel: string;
  onClose: () => void;
  /** Does it; the server's refusal in words, or null when done. */
  onConfirm: () => Promise<string | null>;
}

/** A dialog's «Отмена» and a red confirmation, showing the server's refusal in place when there is one. */
export function DangerActions({ confirmLabel, onClose, onConfirm }: DangerActionsProps) {
  const t = useTranslations("chat.dialog");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    const failure = await onConfirm();
    setBusy(false);
    setError(failure);
  }

  return (
    <>
      {error ? (
        <p role="alert" className="mb-4 rounded-[3px] border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} {...AUTOFOCUS} className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline max-md:h-11">
          {t("cancel")}
        </button>
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
          className="h-10 rounded-[3px] bg-danger-strong px-4 text-sm font-medium text-white hover:bg-danger-strong-hover disabled:cursor-wait disabled:opacity-70 max-md:h-11"
        >
          {confirmLabel}
        </button>
      </div>
    </>
  );
}

/** Bold text inside a dialog's question (a room's name). */
export const strongMark = (chunks: ReactNode) => <strong className="font-semibold break-words text-ink-strong">{chunks}</strong>;
