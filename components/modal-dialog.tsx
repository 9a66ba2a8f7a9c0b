"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, type ReactNode } from "react";

interface ModalDialogProps {
  open: boolean;
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** Where focus goes on close when the control that opened the dialog is gone or hidden (a closed drawer's). */
  fallbackFocusId?: string;
  children: ReactNode;
}

/** Marks the control a dialog focuses when it opens; without one, showModal() picks the first, the ✕. */
export const AUTOFOCUS = { "data-autofocus": true } as const;

/** Still on screen to take focus back; checkVisibility() with options is too recent for Safari 17.3 and older. */
function isShown(element: HTMLElement): boolean {
  return element.isConnected && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
}

/**
 * The native modal <dialog>: showModal() traps focus and makes the page inert, and Escape closes it.
 * React's autoFocus fires before showModal() runs and is overridden by it, so the dialog focuses its
 * AUTOFOCUS control itself, and gives focus back to its opener however it closes.
 */
export function ModalDialog({ open, title, description, onClose, fallbackFocusId, children }: ModalDialogProps) {
  const t = useTranslations("chat.dialog");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      const back = opener && isShown(opener) ? opener : fallbackFocusId ? document.getElementById(fallbackFocusId) : null;
      back?.focus();
    };
  }, [open, fallbackFocusId]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself, outside its padded content.
        if (event.target === event.currentTarget) onClose();
      }}
      className="m-auto w-[min(440px,calc(100vw-2rem))] rounded-md bg-canvas p-0 text-ink shadow-2xl shadow-black/60 backdrop:bg-black/70"
    >
      <div className="p-4 sm:p-5">
        <div className="flex items-start justify-between gap-3">
          <h2 id={titleId} className="text-xl font-semibold text-ink-strong">
            {title}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t("close")}
            className="-mt-1 -mr-1 rounded p-1 text-muted hover:bg-line hover:text-ink-strong"
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        </div>
        {description ? (
          <div id={descriptionId} className="mt-2 text-sm text-ink">
            {description}
          </div>
        ) : null}
        <div className="mt-4">{open ? children : null}</div>
      </div>
    </dialog>
  );
}
