"use client";

import { SendHorizontal, X } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import type { MessageDto, RoomDto } from "@/lib/chat/dto";
import { MESSAGE_MAX } from "@/lib/chat/schemas";
import { useRoomName } from "@/lib/client/use-room-name";
import type { ChatSocket } from "@/lib/client/use-chat-socket";
import { formatUntil } from "@/lib/client/format";
import { useDraft } from "@/lib/client/use-draft";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useMinute } from "@/lib/client/use-minute";
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
  /** Until when a moderator silenced me here (ISO), as the member list says; null when it does not. */
  myTimeout: string | null;
}

/**
 * Why I cannot write here, if I cannot: a timeout that has not ended yet names its end. A refusal from the room's
 * permissions that a timeout explains is over when the timeout is, though the room object may say so only later;
 * any other refusal (a blocked conversation) stands.
 */
function useSendBlock(room: RoomDto, myTimeout: string | null): { until: Date } | "refused" | null {
  const now = useMinute();
  const [ended, setEnded] = useState<string | null>(null);
  const until = myTimeout === null ? null : new Date(myTimeout);
  const timedOut = until !== null && myTimeout !== ended && until.getTime() > now.getTime();
  useEffect(() => {
    if (myTimeout === null) return;
    const timer = setTimeout(() => setEnded(myTimeout), Date.parse(myTimeout) - Date.now());
    return () => clearTimeout(timer);
  }, [myTimeout]);
  if (until && timedOut) return { until };
  return room.permissions.send || myTimeout !== null ? null : "refused";
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

export function Composer({ room, draftKey, replyTo, onCancelReply, onEditLast, onSend, socket, myTimeout }: ComposerProps) {
  const t = useTranslations("chat.composer");
  const members = useTranslations("members");
  const locale = useLocale();
  const hydrated = useHydrated();
  const block = useSendBlock(room, myTimeout);
  const roomName = useRoomName();
  const [text, setText] = useDraft(draftKey);
  useTyping(socket, room.id, text);
  const length = text.trim().length;
  const tooLong = text.length > MESSAGE_MAX;
  const canSend = length > 0 && !tooLong && block === null;
  // The end of a timeout is in the reader's time zone, known only in the browser.
  const blockText =
    block === null
      ? null
      : block !== "refused" && hydrated
        ? members("composer.timed_out", { time: formatUntil(block.until, locale) })
        : members("composer.cannot_send");

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
          {room.kind === "direct" ? members("direct.composer_label", { names: roomName(room) }) : t("label", { room: roomName(room) })}
        </label>
        <textarea
          id={COMPOSER_ID}
          name="content"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={blockText ?? t("placeholder")}
          disabled={block !== null}
          rows={1}
          enterKeyHint="send"
          data-focus-ring="parent"
          aria-invalid={tooLong || undefined}
          aria-describedby="composer-hint"
          className="max-h-[40dvh] min-h-11 flex-1 resize-none bg-transparent py-2.5 text-base leading-6 text-ink-strong outline-none [field-sizing:content] placeholder:text-muted disabled:cursor-not-allowed disabled:text-muted"
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
        {blockText === null ? (
          <span className="hidden sm:inline">{t.rich("hint", { kbd: keystroke })}</span>
        ) : text ? (
          // The sentence is the empty field's placeholder; a draft kept from before hides it there.
          <span className="text-warning">{blockText}</span>
        ) : null}
        {text.length > COUNTER_FROM ? (
          <span className={`ml-auto tabular-nums ${tooLong ? "font-semibold text-danger" : ""}`}>
            {t("counter", { length: text.length, max: MESSAGE_MAX })}
          </span>
        ) : null}
      </p>
    </form>
  );
}
