"use client";

import { SendHorizontal, X } from "lucide-react";
import { useTranslations } from "next-intl";
import type { FormEvent, KeyboardEvent, ReactNode } from "react";
import type { MessageDto, RoomDto } from "@/lib/chat/dto";
import { MESSAGE_MAX } from "@/lib/chat/schemas";
import { useRoomName } from "@/lib/client/room-param";
import type { ChatSocket } from "@/lib/client/use-chat-socket";
import { useDraft } from "@/lib/client/use-draft";
import { useTyping } from "@/lib/client/use-typing";

const COUNTER_FROM = MESSAGE_MAX - 200;

export const COMPOSER_ID = "composer-input";

const keystroke = (chunks: ReactNode) => <kbd className="font-sans font-semibold">{chunks}</kbd>;

const strong = (chunks: ReactNode) => <strong className="font-semibold text-ink-strong">{chunks}</strong>;

interface ComposerProps {
  room: RoomDto;
  draftKey: string;
  /** The message the next send answers, shown above the field. */
  replyTo: MessageDto | null;
  onCancelReply: () => void;
  /** ↑ in an empty composer: edit my last message here; false when there is none. */
  onEditLast: () => boolean;
  onSend: (content: string) => void;
  /** Where «is typing» goes; null while disconnected. */
  socket: ChatSocket | null;
}

function ReplyBar({ to, onCancel }: { to: MessageDto; onCancel: () => void }) {
  const t = useTranslations("chat.reply");
  return (
    <div className="flex items-center justify-between gap-2 rounded-t-lg bg-panel py-1 pr-1 pl-4 text-sm text-muted">
      <p className="min-w-0 truncate">{t.rich("replying_to", { name: to.username, strong })}</p>
      <button
        type="button"
        onClick={onCancel}
        aria-label={t("cancel")}
        title={t("cancel")}
        className="flex size-7 shrink-0 items-center justify-center rounded-full text-muted hover:text-ink-strong max-md:size-11"
      >
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}

export function Composer({ room, draftKey, replyTo, onCancelReply, onEditLast, onSend, socket }: ComposerProps) {
  const t = useTranslations("chat.composer");
  const roomName = useRoomName();
  const [text, setText] = useDraft(draftKey);
  useTyping(socket, room.id, text);
  const length = text.trim().length;
  const tooLong = text.length > MESSAGE_MAX;
  const canSend = length > 0 && !tooLong;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text.trim());
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    // isComposing: Enter that confirms an IME candidate (Chinese, Japanese input) is not a send.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "ArrowUp" && plain && text === "" && onEditLast()) {
      event.preventDefault();
    } else if (event.key === "Escape" && replyTo) {
      event.preventDefault();
      onCancelReply();
    }
  }

  return (
    <form onSubmit={submit} className="shrink-0 bg-canvas px-3 pb-[max(1rem,env(safe-area-inset-bottom))] sm:px-4 sm:pb-6">
      {replyTo ? <ReplyBar to={replyTo} onCancel={onCancelReply} /> : null}
      <div
        className={`flex items-end gap-2 bg-line/70 pr-1.5 pl-4 focus-within:outline-2 focus-within:outline-link ${replyTo ? "rounded-b-lg" : "rounded-lg"}`}
      >
        <label htmlFor={COMPOSER_ID} className="sr-only">
          {t("label", { room: roomName(room) })}
        </label>
        <textarea
          id={COMPOSER_ID}
          name="content"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t("placeholder")}
          rows={1}
          enterKeyHint="send"
          data-focus-ring="parent"
          aria-invalid={tooLong || undefined}
          aria-describedby="composer-hint"
          className="max-h-[40dvh] min-h-11 flex-1 resize-none bg-transparent py-2.5 text-base leading-6 text-ink-strong outline-none [field-sizing:content] placeholder:text-muted"
        />
        <button
          type="submit"
          disabled={!canSend}
          aria-label={t("send")}
          className="mb-1.5 rounded p-1.5 max-md:mb-0 max-md:flex max-md:size-11 max-md:items-center max-md:justify-center text-muted enabled:hover:bg-blurple enabled:hover:text-white disabled:opacity-50"
        >
          <SendHorizontal aria-hidden="true" className="size-5" />
        </button>
      </div>
      <p id="composer-hint" className="mt-1 flex justify-between gap-3 text-xs text-muted">
        <span className="hidden sm:inline">{t.rich("hint", { kbd: keystroke })}</span>
        {text.length > COUNTER_FROM ? (
          <span className={`ml-auto tabular-nums ${tooLong ? "font-semibold text-danger" : ""}`}>
            {t("counter", { length: text.length, max: MESSAGE_MAX })}
          </span>
        ) : null}
      </p>
    </form>
  );
}
