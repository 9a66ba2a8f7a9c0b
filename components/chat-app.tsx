"use client";

import { useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { errorText } from "@/lib/i18n/translate";
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { createRoomRequest, deleteRoomRequest, removeMember, updateRoomRequest } from "@/lib/client/api";
import { EMPTY_TIMELINE } from "@/lib/client/chat-state";
import { chatRoomHref, sidebarRooms } from "@/lib/client/room-param";
import { useChat } from "@/lib/client/use-chat";
import { ViewerContext } from "@/lib/client/use-room-name";
import { useRoomOnScreen } from "@/lib/client/use-room-on-screen";
import { COMPOSER_ID } from "./composer";
import { AuditLogDialog } from "./audit-log-dialog";
import { ConnectionBanner } from "./connection-banner";
import { DeleteRoomDialog } from "./delete-room-dialog";
import { LeaveRoomDialog } from "./leave-room-dialog";
import { MemberPanel, MEMBER_PANEL_ID } from "./member-panel";
import { NoticeBar } from "./notice-bar";
import { PeopleContext, type People } from "./people-context";
import { ProfileCard } from "./profile-card";
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

type DialogState =
  | { kind: "create" }
  | { kind: "edit"; room: RoomDto }
  | { kind: "delete"; room: RoomDto }
  | { kind: "leave"; room: RoomDto }
  | { kind: "audit"; room: RoomDto }
  | null;

const MENU_BUTTON_ID = "chat-menu-button";
const MEMBERS_BUTTON_ID = "chat-members-button";
const DESKTOP = "(min-width: 48rem)";
/** From this width the member list is a column of its own, not a drawer. */
const WIDE = "(min-width: 64rem)";

export function ChatApp({ me, rooms, roomsAfter, initialRoomId, initialMessages }: ChatAppProps) {
  const t = useTranslations();
  // Error sentences are not in the page's catalogue (the server renders its own): they come from lib/i18n.
  const locale = useLocale();
  const searchParams = useSearchParams();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [membersOpen, setMembersOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [profile, setProfile] = useState<{ user: PresenceUserDto; anchor: HTMLElement } | null>(null);

  // Native history calls are synced into Next's router, so useSearchParams follows them and back/forward work.
  const navigate = useCallback((roomId: number, { replace = false } = {}) => {
    const href = chatRoomHref(roomId);
    if (replace) window.history.replaceState(null, "", href);
    else if (`${window.location.pathname}${window.location.search}` !== href) window.history.pushState(null, "", href);
    setDrawerOpen(false);
    setMembersOpen(false);
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

  const focusAfterMembers = useRef<string | null>(null);
  const closeMembers = useCallback(() => {
    focusAfterMembers.current = MEMBERS_BUTTON_ID;
    setMembersOpen(false);
  }, []);

  // The member drawer as the room drawer: focus goes in when it opens and back to its button when it closes.
  useEffect(() => {
    if (!membersOpen) {
      const id = focusAfterMembers.current;
      focusAfterMembers.current = null;
      if (id) document.getElementById(id)?.focus();
      return;
    }
    document.getElementById(MEMBER_PANEL_ID)?.querySelector<HTMLElement>("button, input")?.focus();
    const wide = window.matchMedia(WIDE);
    const close = () => {
      if (wide.matches) setMembersOpen(false);
    };
    wide.addEventListener("change", close);
    return () => wide.removeEventListener("change", close);
  }, [membersOpen]);

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
      // A dialog or a menu over the drawer takes its own Escape.
      const inLayer = event.defaultPrevented || (event.target instanceof Element && event.target.closest("dialog") !== null);
      if (event.key === "Escape" && membersOpen && !inLayer) return closeMembers();
      const step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
      if (!step || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || dialogOpen) return;
      // In the order the sidebar shows them: conversations, then rooms.
      const lists = sidebarRooms(state.rooms);
      const rooms = [...lists.direct, ...lists.rooms];
      const next = rooms[rooms.findIndex((room) => room.id === shownRoomId) + step];
      if (!next) return;
      event.preventDefault();
      selectRoom(next.id);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [drawerOpen, closeDrawer, membersOpen, closeMembers, dialogOpen, state.rooms, shownRoomId, selectRoom]);

  const people = useMemo<People>(() => ({ openProfile: (user, anchor) => setProfile({ user, anchor }) }), []);

  function closeProfile() {
    if (profile?.anchor.isConnected) profile.anchor.focus();
    setProfile(null);
  }

  function skipToComposer(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (!drawerOpen) return document.getElementById(COMPOSER_ID)?.focus();
    focusAfterDrawer.current = COMPOSER_ID;
    setDrawerOpen(false);
  }

  async function leave(room: RoomDto): Promise<string | null> {
    const result = await removeMember(room.id, me.id);
    if (!result.ok) return result.error;
    setDialog(null);
    chat.setNotice({ kind: "left", room });
    // A public room stays readable after leaving it; a private room or a conversation is gone from the list.
    if (room.kind === "public") return null;
    chat.removeRoom(room.id);
    if (defaultRoom) navigate(defaultRoom.id, { replace: true });
    return null;
  }

  return (
    <ViewerContext value={me.id}>
      <PeopleContext value={people}>
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
            drawerOpen={drawerOpen}
            onCloseDrawer={closeDrawer}
            onSelectRoom={selectRoom}
            onCreateRoom={openCreate}
          />
          <main inert={drawerOpen || membersOpen} className="flex min-w-0 flex-1 flex-col bg-canvas">
            <RoomHeader
              room={currentRoom}
              canEdit={currentRoom?.permissions.manage ?? false}
              canDelete={currentRoom?.permissions.delete ?? false}
              drawerOpen={drawerOpen}
              menuButtonId={MENU_BUTTON_ID}
              onOpenDrawer={() => setDrawerOpen(true)}
              onEdit={() => currentRoom && setDialog({ kind: "edit", room: currentRoom })}
              onDelete={() => currentRoom && setDialog({ kind: "delete", room: currentRoom })}
              membersOpen={membersOpen}
              membersButtonId={MEMBERS_BUTTON_ID}
              onOpenMembers={() => setMembersOpen(true)}
              onLeave={() => currentRoom && setDialog({ kind: "leave", room: currentRoom })}
              onAudit={() => currentRoom && setDialog({ kind: "audit", room: currentRoom })}
            />
            <ConnectionBanner status={state.connection} />
            <NoticeBar notice={state.notice} onDismiss={() => chat.setNotice(null)} />
            {currentRoom ? (
              <RoomConversation key={currentRoom.id} room={currentRoom} me={me} timeline={timeline} chat={chat} />
            ) : (
              <RoomNotFound defaultRoom={defaultRoom} onGoDefault={(roomId) => navigate(roomId)} />
            )}
          </main>
          {currentRoom ? <MemberPanel key={currentRoom.id} room={currentRoom} chat={chat} open={membersOpen} onClose={closeMembers} /> : null}
          <RoomFormDialog
            open={dialog?.kind === "create"}
            mode="create"
            withVisibility
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
            // The default room is where everyone lands: it is never made private.
            withVisibility={dialog?.kind === "edit" && dialog.room.permissions.manage && !dialog.room.is_default}
            initial={
              dialog?.kind === "edit"
                ? { name: dialog.room.name, description: dialog.room.description, visibility: dialog.room.kind === "private" ? "private" : "public" }
                : undefined
            }
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
          <LeaveRoomDialog room={dialog?.kind === "leave" ? dialog.room : null} onClose={() => setDialog(null)} onConfirm={leave} />
          <AuditLogDialog room={dialog?.kind === "audit" ? dialog.room : null} onClose={() => setDialog(null)} />
          {profile ? (
            <ProfileCard
              key={profile.user.id}
              user={profile.user}
              anchor={profile.anchor}
              meId={me.id}
              onClose={closeProfile}
              onBlockChanged={chat.reloadRooms}
              onOpenDirect={(room) => {
                chat.upsertRoom(room);
                setProfile(null);
                navigate(room.id);
              }}
            />
          ) : null}
        </div>
      </PeopleContext>
    </ViewerContext>
  );
}
