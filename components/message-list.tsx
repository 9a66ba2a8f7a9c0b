"use client";

import { ArrowDown, AtSign, Hash, Lock } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, type KeyboardEvent } from "react";
import type { PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import type { RoomTimeline } from "@/lib/client/chat-state";
import { useRoomName } from "@/lib/client/use-room-name";
import { timelineRows } from "@/lib/client/timeline-rows";
import { useChatScroll } from "@/lib/client/use-chat-scroll";
import { useHydrated } from "@/lib/client/use-hydrated";
import { DaySeparator, MessageRowView } from "./message-row";

interface MessageListProps {
  room: RoomDto;
  timeline: RoomTimeline;
  me: PresenceUserDto;
  onLoadOlder: () => void;
  onLoadGap: () => void;
}

/**
 * Up and Down move focus from message to message (from the log itself, to the newest), and a focused message
 * shows its toolbar, which Tab then reaches; focusing a row scrolls it into view, as the arrows scrolled the log.
 */
function moveBetweenMessages(event: KeyboardEvent<HTMLDivElement>) {
  const step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
  if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const log = event.currentTarget;
  const target = event.target as HTMLElement;
  if (target !== log && !target.hasAttribute("data-message-row")) return;
  const rows = [...log.querySelectorAll<HTMLElement>("[data-message-row]")];
  const next = target === log ? rows.at(-1) : rows[rows.indexOf(target) + step];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

export function MessageList({ room, timeline, me, onLoadOlder, onLoadGap }: MessageListProps) {
  const t = useTranslations("chat.log");
  const members = useTranslations("members.direct");
  const roomName = useRoomName();
  const hydrated = useHydrated();
  const rows = useMemo(() => timelineRows(timeline, me, hydrated), [timeline, me, hydrated]);
  const messages = rows.filter((row) => row.kind === "message");
  const first = messages[0];
  const last = messages.at(-1);
  const canLoadOlder = timeline.loaded && timeline.hasOlder && !timeline.loadingOlder;
  const { listRef, onScroll, hasUnseen, toBottom } = useChatScroll({
    roomId: room.id,
    firstKey: first?.key,
    lastKey: last?.key,
    lastIsMine: last?.authorId === me.id && last.status !== "sent",
    canLoadOlder,
    onLoadOlder,
  });

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={listRef}
        onScroll={onScroll}
        onKeyDown={moveBetweenMessages}
        role="log"
        aria-label={room.kind === "direct" ? members("log_label", { names: roomName(room) }) : t("label", { room: roomName(room) })}
        tabIndex={0}
        data-focus-ring="inset"
        className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto [overflow-anchor:none]"
      >
        <div className="pb-4">
          {timeline.loaded && !timeline.hasOlder ? (
            <RoomStart name={roomName(room)} kind={room.kind} />
          ) : (
            <div className="flex justify-center pt-4">
              {timeline.loaded && !timeline.loadingOlder ? (
                // Out of the tab order: tabbing past it would scroll the log to the top and load history on
                // the way to the composer. Keyboard users page up in the focused log, which loads it as well.
                <button
                  type="button"
                  tabIndex={-1}
                  onClick={onLoadOlder}
                  className="rounded px-3 py-1.5 text-sm text-link hover:bg-line/60 hover:underline max-md:min-h-11"
                >
                  {t("load_older")}
                </button>
              ) : (
                <p className="px-3 py-1.5 text-sm text-muted">{t("loading")}</p>
              )}
            </div>
          )}
          <ol className="pb-1">
            {rows.map((row) =>
              row.kind === "day" ? (
                <DaySeparator key={row.key} row={row} />
              ) : row.kind === "gap" ? (
                <GapRow key={row.key} onLoad={onLoadGap} />
              ) : (
                <MessageRowView key={row.key} row={row} showTimes={hydrated} />
              ),
            )}
          </ol>
        </div>
      </div>
      {hasUnseen ? (
        <button
          type="button"
          onClick={() => toBottom("smooth")}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-blurple px-4 py-1.5 text-sm font-medium text-white shadow-lg shadow-black/40 hover:bg-blurple-hover max-md:min-h-11"
        >
          {t("new_messages")}
          <ArrowDown aria-hidden="true" className="size-4" />
        </button>
      ) : null}
    </div>
  );
}

/** Between the messages around a jumped-to one and the latest: the room has more here, loaded on request. */
function GapRow({ onLoad }: { onLoad: () => void }) {
  const t = useTranslations("chat.log");
  return (
    <li className="mx-4 my-3 flex flex-col items-center gap-1 border-y border-dashed border-line py-3 text-center text-sm text-muted">
      <p>{t("gap")}</p>
      <button type="button" onClick={onLoad} className="rounded px-3 py-1.5 text-link hover:bg-line/60 hover:underline max-md:min-h-11">
        {t("load_gap")}
      </button>
    </li>
  );
}

/** The top of a room's history; a conversation's names the people in it, as Discord's does. */
function RoomStart({ name, kind }: { name: string; kind: RoomDto["kind"] }) {
  const t = useTranslations("chat.log");
  const members = useTranslations("members.direct");
  const Icon = kind === "direct" ? AtSign : kind === "private" ? Lock : Hash;
  return (
    <div className="mx-4 mt-8 mb-2 border-b border-line pb-4">
      <span aria-hidden="true" className="flex size-16 items-center justify-center rounded-full bg-line text-ink-strong">
        <Icon className="size-10" />
      </span>
      <h2 className="mt-2 text-2xl font-bold break-words text-ink-strong sm:text-3xl">{kind === "direct" ? name : t("welcome", { room: name })}</h2>
      <p className="mt-1 break-words text-muted">{kind === "direct" ? members("start", { names: name }) : t("room_start", { room: name })}</p>
    </div>
  );
}
