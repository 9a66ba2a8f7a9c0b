"use client";

import { Hash, Lock, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { chatRoomHref } from "@/lib/client/room-param";
import { useRoomName } from "@/lib/client/use-room-name";

interface RoomListProps {
  rooms: RoomDto[];
  /** More rooms exist than are listed: the next page loads when the end of the list scrolls into view. */
  hasMore: boolean;
  onLoadMore: () => void;
  currentRoomId: number | null;
  onSelect: (roomId: number) => void;
  onCreate: () => void;
}

/** A modified click (new tab, new window) is the browser's; a plain one switches rooms without a page load. */
function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** Asks for the next page whenever it comes into view (or is still in view after a page arrived). */
function MoreRooms({ rooms, onLoadMore }: { rooms: number; onLoadMore: () => void }) {
  const t = useTranslations("chat.sidebar");
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [rooms, onLoadMore]);
  return (
    <li ref={sentinel} className="px-2 py-1.5 text-sm text-muted">
      {t("loading_rooms")}
    </li>
  );
}

interface RoomLinkProps {
  room: RoomDto;
  current: boolean;
  onSelect: (roomId: number) => void;
  /** What it is read as, when its text alone does not say it all (a private room). */
  label?: string;
  icon: ReactNode;
  children: ReactNode;
}

/** One entry of the sidebar: a real link, so it opens in a new tab too, that switches rooms in place on a plain click. */
export function RoomLink({ room, current, onSelect, label, icon, children }: RoomLinkProps) {
  return (
    <a
      href={chatRoomHref(room.id)}
      aria-current={current ? "page" : undefined}
      aria-label={label}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        onSelect(room.id);
      }}
      className={`flex min-h-9 items-center max-md:min-h-11 gap-1.5 rounded px-2 py-1.5 text-[15px] ${
        current ? "bg-line font-medium text-ink-strong" : "text-muted hover:bg-line/60 hover:text-ink"
      }`}
    >
      {icon}
      <span className="min-w-0 truncate">{children}</span>
    </a>
  );
}

export function RoomList({ rooms, hasMore, onLoadMore, currentRoomId, onSelect, onCreate }: RoomListProps) {
  const t = useTranslations("chat.sidebar");
  const members = useTranslations("members.rooms");
  const roomName = useRoomName();
  return (
    <nav aria-labelledby="rooms-title" className="px-2 pt-4">
      <div className="mb-1 flex items-center justify-between pr-1 pl-2">
        <h2 id="rooms-title" className="text-xs font-bold tracking-wide text-muted uppercase">
          {t("rooms")}
        </h2>
        <button
          type="button"
          onClick={onCreate}
          aria-label={t("create_room")}
          title={t("create_room")}
          className="flex items-center justify-center rounded p-1 text-muted hover:bg-line hover:text-ink-strong max-md:size-11"
        >
          <Plus aria-hidden="true" className="size-4" />
        </button>
      </div>
      <ul className="space-y-0.5">
        {rooms.map((room) => {
          const name = roomName(room);
          const locked = room.kind === "private";
          const Icon = locked ? Lock : Hash;
          return (
            <li key={room.id}>
              <RoomLink
                room={room}
                current={room.id === currentRoomId}
                onSelect={onSelect}
                label={locked ? members("private_named", { room: name }) : undefined}
                icon={<Icon aria-hidden="true" className={`shrink-0 opacity-70 ${locked ? "size-4.5" : "size-5"}`} />}
              >
                {name}
              </RoomLink>
            </li>
          );
        })}
        {hasMore ? <MoreRooms rooms={rooms.length} onLoadMore={onLoadMore} /> : null}
      </ul>
    </nav>
  );
}
