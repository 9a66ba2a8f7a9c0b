"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { MessageDto } from "@/lib/chat/dto";
import { MESSAGE_MAX } from "@/lib/chat/schemas";
import { useConversation } from "./conversation-context";

const keystroke = (chunks: ReactNode) => <kbd className="font-sans font-semibold">{chunks}</kbd>;

/** The message's text in place of the message: Enter saves, Shift+Enter breaks the line, Escape cancels. */
export function MessageEditor({ message, content }: { message: MessageDto; content: string }) {
  const t = useTranslations("chat");
  const { finishEdit } = useConversation();
  const [text, setText] = useState(content);
  const ref = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MESSAGE_MAX;

  useEffect(() => {
    const field = ref.current;
    if (!field) return;
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }, []);

  const save = () => {
    if (!tooLong) finishEdit(message, text);
  };
  const action = (run: () => void) =>
    function HintAction(chunks: ReactNode) {
      return (
        <button type="button" onClick={run} className="font-medium text-link hover:underline max-md:min-h-11">
          {chunks}
        </button>
      );
    };

  return (
    <div className="my-1">
      <div className="rounded-lg bg-line/70 px-3 focus-within:outline-2 focus-within:outline-link">
        <textarea
          ref={ref}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              finishEdit(message, null);
            } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              save();
            }
          }}
          aria-label={t("editor.label")}
          aria-invalid={tooLong || undefined}
          enterKeyHint="done"
          rows={1}
          data-focus-ring="parent"
          className="max-h-[50dvh] min-h-11 w-full resize-none bg-transparent py-2.5 leading-[1.375rem] text-ink-strong outline-none [field-sizing:content]"
        />
      </div>
      <p className="mt-1 flex flex-wrap items-center justify-between gap-x-3 text-xs text-muted">
        <span>{t.rich("editor.hint", { kbd: keystroke, cancel: action(() => finishEdit(message, null)), save: action(save) })}</span>
        {tooLong ? <span className="font-semibold text-danger tabular-nums">{t("composer.counter", { length: text.length, max: MESSAGE_MAX })}</span> : null}
      </p>
    </div>
  );
}
