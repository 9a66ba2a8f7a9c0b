"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { MessageDto } from "@/lib/chat/dto";
import { AUTOFOCUS, ModalDialog } from "./modal-dialog";

interface DeleteMessageDialogProps {
  message: MessageDto | null;
  /** Where focus goes when the button that opened the dialog is gone: the message's row. */
  fallbackFocusId: string | undefined;
  onClose: () => void;
  onConfirm: (message: MessageDto) => void;
}

const keystroke = (chunks: ReactNode) => <kbd className="font-sans font-semibold">{chunks}</kbd>;

/** Asks before a deletion goes to the outbox; there is nothing to wait for, so it closes at once. */
export function DeleteMessageDialog({ message, fallbackFocusId, onClose, onConfirm }: DeleteMessageDialogProps) {
  const t = useTranslations("chat");
  return (
    <ModalDialog
      open={message !== null}
      onClose={onClose}
      title={t("delete_message.title")}
      fallbackFocusId={fallbackFocusId}
      description={message ? <p>{t("delete_message.question")}</p> : null}
    >
      {message ? (
        <>
          <blockquote className="max-h-40 overflow-hidden rounded-md border border-deep bg-panel px-3 py-2 text-sm">
            <p className="font-medium text-ink-strong">{message.username}</p>
            <p className="line-clamp-4 whitespace-pre-wrap text-ink [overflow-wrap:anywhere]">{message.content}</p>
          </blockquote>
          <p className="mt-3 text-xs text-muted">{t.rich("delete_message.tip", { kbd: keystroke })}</p>
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" onClick={onClose} {...AUTOFOCUS} className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline max-md:h-11">
              {t("dialog.cancel")}
            </button>
            <button
              type="button"
              onClick={() => onConfirm(message)}
              className="h-10 rounded-[3px] bg-danger-strong px-4 text-sm font-medium text-white hover:bg-danger-strong-hover max-md:h-11"
            >
              {t("delete_message.confirm")}
            </button>
          </div>
        </>
      ) : null}
    </ModalDialog>
  );
}
