"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import type { PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { sidebarRooms } from "@/lib/client/room-param";
import { DirectList } from "./direct-list";
import { RoomList } from "./room-list";
import { UserCard } from "./user-card";

interface RoomSidebarProps {
  me: PresenceUserDto;
  rooms: RoomDto[];
  hasMoreRooms: boolean;
  onLoadMoreRooms: () => void;
  currentRoomId: number | null;
  /** Only on a phone, where the sidebar is a drawer over the chat. */
  drawerOpen: boolean;
  onCloseDrawer: () => void;
  onSelectRoom: (roomId: number) => void;
  onCreateRoom: () => void;
}

export function RoomSidebar({
  me,
  rooms,
  hasMoreRooms,
  onLoadMoreRooms,
  currentRoomId,
  drawerOpen,
  onCloseDrawer,
  onSelectRoom,
  onCreateRoom,
}: RoomSidebarProps) {
  const t = useTranslations("chat");
  const lists = sidebarRooms(rooms);
  return (
    <>
      {drawerOpen ? (
        <div aria-hidden="true" onClick={onCloseDrawer} className="fixed inset-0 z-30 bg-black/60 md:hidden" />
      ) : null}
      <div
        id="chat-sidebar"
        className={`fixed inset-y-0 left-0 z-40 flex w-[min(18rem,85vw)] flex-col bg-panel transition-transform duration-200 motion-reduce:transition-none md:static md:z-auto md:w-60 md:translate-x-0 md:visible ${
          drawerOpen ? "visible translate-x-0 shadow-2xl shadow-black/60" : "invisible -translate-x-full"
        }`}
      >
        <header className="flex h-12 shrink-0 items-center justify-between gap-2 border-b border-deep px-4 shadow-sm">
          <span className="font-extrabold tracking-wide text-ink-strong">{t("brand")}</span>
          <button
            type="button"
            onClick={onCloseDrawer}
            aria-label={t("sidebar.close_menu")}
            className="-mr-2 flex size-11 items-center justify-center rounded text-muted hover:bg-line hover:text-ink-strong md:hidden"
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <DirectList rooms={lists.direct} meId={me.id} currentRoomId={currentRoomId} onSelect={onSelectRoom} />
          <RoomList
            rooms={lists.rooms}
            hasMore={hasMoreRooms}
            onLoadMore={onLoadMoreRooms}
            currentRoomId={currentRoomId}
            onSelect={onSelectRoom}
            onCreate={onCreateRoom}
          />
        </div>
        <UserCard me={me} />
      </div>
    </>
  );
}
