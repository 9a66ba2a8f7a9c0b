"use client";

import { useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n/translate";
import { useCallback, useEffect, useRef, useState, type MouseEvent } from "react";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { createRoomRequest, deleteRoomRequest, updateRoomRequest } from "@/lib/client/api";
import { EMPTY_TIMELINE } from "@/lib/client/chat-state";
import { chatRoomHref } from "@/lib/client/room-param";
import { useChat } from "@/lib/client/use-chat";
import { useRoomOnScreen } from "@/lib/client/use-room-on-screen";
import { COMPOSER_ID } from "./composer";
import { ConnectionBanner } from "./connection-banner";
import { DeleteRoomDialog } from "./delete-room-dialog";
import { NoticeBar } from "./notice-bar";
import { RoomFormDialog } from "./room-form-dialog";
import { RoomHeader } from "./room-header";
import { RoomConversation } from "./room-conversation";
import { RoomNotFound } from "./room-not-found";
import { RoomSidebar } from "./room-sidebar";

interface ChatAppProps {
  me: PresenceUserDto;
  rooms: RoomDto[];
  /** Where the room list's next page starts; null when `rooms` is all of it. */
  roomsAfter: number | null;
  /** The room the server rendered, or null when `?room=` named none. */
  initialRoomId: number | null;
  initialMessages: MessageDto[];
}

type DialogState = { kind: "create" } | { kind: "edit"; room: RoomDto } | { kind: "delete"; room: RoomDto } | null;

const MENU_BUTTON_ID = "chat-menu-button";
const DESKTOP = "(min-width: 48rem)";

export function ChatApp({ me, rooms, roomsAfter, initialRoomId, initialMessages }: ChatAppProps) {
  const t = useTranslations();
  // Error sentences are not in the page's catalogue (the server renders its own): they come from lib/i18n.
  const locale = useLocale();
  const searchParams = useSearchParams();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogState>(null);

  // Native history calls are synced into Next's router, so useSearchParams follows them and back/forward work.
  const navigate = useCallback((roomId: number, { replace = false } = {}) => {
    const href = chatRoomHref(roomId);
    if (replace) window.history.replaceState(null, "", href);
    else if (`${window.location.pathname}${window.location.search}` !== href) window.history.pushState(null, "", href);
    setDrawerOpen(false);
  }, []);

  // A bare /chat shows the room the server rendered for it (the one remembered), not always the default room.
  const roomParam = searchParams.get("room") || (initialRoomId === null ? null : String(initialRoomId));
  const chat = useChat({ me, rooms, roomsAfter, roomId: initialRoomId, messages: initialMessages }, roomParam, {
    onRoomGone: (fallbackRoomId) => navigate(fallbackRoomId, { replace: true }),
  });
  const { state, currentRoom, setNotice } = chat;
  useRoomOnScreen(me.id, currentRoom);
  const defaultRoom = state.rooms.find((room) => room.is_default) ?? null;
  const timeline = currentRoom ? (state.timelines[currentRoom.id] ?? EMPTY_TIMELINE) : EMPTY_TIMELINE;

  // Where focus goes when the drawer closes; moved only after <main> has stopped being inert.
  const focusAfterDrawer = useRef<string | null>(null);

  const closeDrawer = useCallback(() => {
    focusAfterDrawer.current = MENU_BUTTON_ID;
    setDrawerOpen(false);
  }, []);

  useEffect(() => {
    if (!drawerOpen) {
      const id = focusAfterDrawer.current;
      focusAfterDrawer.current = null;
      if (id) document.getElementById(id)?.focus();
      return;
    }
    const sidebar = document.getElementById("chat-sidebar");
    (sidebar?.querySelector<HTMLElement>("a[aria-current='page']") ?? sidebar?.querySelector<HTMLElement>("a"))?.focus();
    const desktop = window.matchMedia(DESKTOP);
    const close = () => {
      if (desktop.matches) setDrawerOpen(false);
    };
    desktop.addEventListener("change", close);
    return () => desktop.removeEventListener("change", close);
  }, [drawerOpen]);

  const selectRoom = useCallback(
    (roomId: number) => {
      if (drawerOpen) focusAfterDrawer.current = COMPOSER_ID;
      setNotice(null);
      navigate(roomId);
    },
    [drawerOpen, navigate, setNotice],
  );

  const openCreate = useCallback(() => {
    setDrawerOpen(false);
    setDialog({ kind: "create" });
  }, []);

  // Typing is what the page is for: the composer has focus on load and in every room shown after.
  // Behind the open drawer or a dialog it cannot take focus; those hand it on when they close.
  const shownRoomId = currentRoom?.id ?? null;
  useEffect(() => {
    if (shownRoomId !== null) document.getElementById(COMPOSER_ID)?.focus();
  }, [shownRoomId]);

  const dialogOpen = dialog !== null;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape" && drawerOpen) return closeDrawer();
      const step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
      if (!step || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || dialogOpen) return;
      const rooms = state.rooms;
      const next = rooms[rooms.findIndex((room) => room.id === shownRoomId) + step];
      if (!next) return;
      event.preventDefault();
      selectRoom(next.id);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen, closeDrawer, dialogOpen, state.rooms, shownRoomId, selectRoom]);

  function skipToComposer(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (!drawerOpen) return document.getElementById(COMPOSER_ID)?.focus();
    focusAfterDrawer.current = COMPOSER_ID;
    setDrawerOpen(false);
  }

  return (
    <div className="flex h-dvh overflow-hidden">
      {currentRoom ? (
        <a
          href={`#${COMPOSER_ID}`}
          onClick={skipToComposer}
          className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:flex focus:min-h-11 focus:items-center focus:rounded focus:bg-blurple focus:px-4 focus:font-medium focus:text-white"
        >
          {t("chat.skip_to_composer")}
        </a>
      ) : null}
      <RoomSidebar
        me={me}
        rooms={state.rooms}
        hasMoreRooms={state.roomsAfter !== null}
        onLoadMoreRooms={chat.loadMoreRooms}
        currentRoomId={currentRoom?.id ?? null}
        presence={currentRoom ? state.presence[currentRoom.id] : undefined}
        drawerOpen={drawerOpen}
        onCloseDrawer={closeDrawer}
        onSelectRoom={selectRoom}
        onCreateRoom={openCreate}
      />
      <main inert={drawerOpen} className="flex min-w-0 flex-1 flex-col bg-canvas">
        <RoomHeader
          room={currentRoom}
          canEdit={currentRoom?.permissions.manage ?? false}
          canDelete={currentRoom?.permissions.delete ?? false}
          drawerOpen={drawerOpen}
          menuButtonId={MENU_BUTTON_ID}
          onOpenDrawer={() => setDrawerOpen(true)}
          onEdit={() => currentRoom && setDialog({ kind: "edit", room: currentRoom })}
          onDelete={() => currentRoom && setDialog({ kind: "delete", room: currentRoom })}
        />
        <ConnectionBanner status={state.connection} />
        <NoticeBar notice={state.notice} onDismiss={() => chat.setNotice(null)} />
        {currentRoom ? (
          <RoomConversation key={currentRoom.id} room={currentRoom} me={me} timeline={timeline} chat={chat} />
        ) : (
          <RoomNotFound defaultRoom={defaultRoom} onGoDefault={(roomId) => navigate(roomId)} />
        )}
      </main>
      <RoomFormDialog
        open={dialog?.kind === "create"}
        mode="create"
        fallbackFocusId={MENU_BUTTON_ID}
        onClose={() => setDialog(null)}
        onSubmit={createRoomRequest}
        onDone={(room) => {
          chat.upsertRoom(room);
          setDialog(null);
          navigate(room.id);
        }}
      />
      <RoomFormDialog
        key={dialog?.kind === "edit" ? dialog.room.id : "edit"}
        open={dialog?.kind === "edit"}
        mode="edit"
        initial={dialog?.kind === "edit" ? { name: dialog.room.name, description: dialog.room.description } : undefined}
        onClose={() => setDialog(null)}
        onSubmit={(values) =>
          dialog?.kind === "edit"
            ? updateRoomRequest(dialog.room.id, values)
            : Promise.resolve({ ok: false, status: 0, error: errorText(locale, "room_not_found"), code: "not_found" })
        }
        onDone={(room) => {
          chat.upsertRoom(room);
          setDialog(null);
        }}
      />
      <DeleteRoomDialog
        room={dialog?.kind === "delete" ? dialog.room : null}
        onClose={() => setDialog(null)}
        onConfirm={async (room) => {
          const result = await deleteRoomRequest(room.id);
          if (!result.ok) return result.error;
          chat.removeRoom(room.id);
          chat.setNotice({ kind: "room_deleted", room, movedTo: null });
          setDialog(null);
          navigate(result.data.fallback_room_id, { replace: true });
          return null;
        }}
      />
    </div>
  );
}
