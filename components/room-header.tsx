"use client";

import { AtSign, EllipsisVertical, Hash, Lock, LogOut, Menu, Pencil, ScrollText, Trash2, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/use-room-name";
import { ActionMenu, type MenuItem } from "./action-menu";
import { MEMBER_PANEL_ID } from "./member-panel";

interface RoomHeaderProps {
  room: RoomDto | null;
  canEdit: boolean;
  canDelete: boolean;
  drawerOpen: boolean;
  menuButtonId: string;
  onOpenDrawer: () => void;
  onEdit: () => void;
  onDelete: () => void;
  membersOpen: boolean;
  membersButtonId: string;
  onOpenMembers: () => void;
  onLeave: () => void;
  onAudit: () => void;
}

const PHONE = "(max-width: 47.99rem)";

const ICON_BUTTON = "flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-ink-strong max-md:size-11";

export function RoomHeader(props: RoomHeaderProps) {
  const { room, canEdit, canDelete, drawerOpen, menuButtonId, onOpenDrawer, onEdit, onDelete, membersOpen, membersButtonId, onOpenMembers } = props;
  const t = useTranslations("chat");
  const members = useTranslations("members");
  const roomName = useRoomName();
  const [more, setMore] = useState<{ anchor: HTMLElement; items: MenuItem[] } | null>(null);
  const name = room ? roomName(room) : "";
  const Icon = room?.kind === "direct" ? AtSign : room?.kind === "private" ? Lock : Hash;

  const moreItems: MenuItem[] = [];
  if (room?.permissions.audit) moreItems.push({ key: "audit", label: members("header.audit"), Icon: ScrollText, danger: false, onSelect: props.onAudit });
  if (room?.permissions.leave) {
    const label = members(room.kind === "direct" ? "header.leave_direct" : "header.leave_room");
    moreItems.push({ key: "leave", label, Icon: LogOut, danger: true, onSelect: props.onLeave });
  }
  // On a phone the room's name needs the header's width: editing and deleting move into the menu there.
  const phoneItems: MenuItem[] = [
    ...(canEdit ? [{ key: "edit", label: t("header.edit_room"), Icon: Pencil, danger: false, onSelect: onEdit }] : []),
    ...(canDelete ? [{ key: "delete", label: t("header.delete_room"), Icon: Trash2, danger: true, onSelect: onDelete }] : []),
    ...moreItems,
  ];

  return (
    <header className="flex min-h-12 shrink-0 items-center gap-2 border-b border-deep px-2 py-1.5 shadow-sm sm:px-4">
      <button
        id={menuButtonId}
        type="button"
        onClick={onOpenDrawer}
        aria-label={members("header.rooms_menu")}
        aria-expanded={drawerOpen}
        aria-controls="chat-sidebar"
        className="flex size-11 items-center justify-center rounded text-ink hover:bg-line hover:text-ink-strong md:hidden"
      >
        <Menu aria-hidden="true" className="size-6" />
      </button>
      {room ? (
        <>
          {room.kind === "private" ? (
            <Icon role="img" aria-label={members("rooms.private")} className="size-5 shrink-0 text-muted" />
          ) : (
            <Icon aria-hidden="true" className={`shrink-0 text-muted ${room.kind === "public" ? "size-6" : "size-5"}`} />
          )}
          <div className="flex min-w-0 flex-1 flex-col gap-x-3 sm:flex-row sm:items-baseline">
            <h1 className="shrink-0 truncate font-semibold text-ink-strong sm:max-w-[50%]">{name}</h1>
            {room.description ? (
              <p className="min-w-0 truncate text-sm text-muted sm:border-l sm:border-line sm:pl-3" title={room.description}>
                {room.description}
              </p>
            ) : null}
          </div>
          {canEdit ? (
            <button
              type="button"
              onClick={onEdit}
              aria-label={t("header.edit_room_named", { room: name })}
              title={t("header.edit_room")}
              className={`${ICON_BUTTON} max-md:hidden`}
            >
              <Pencil aria-hidden="true" className="size-5" />
            </button>
          ) : null}
          {canDelete ? (
            <button
              type="button"
              onClick={onDelete}
              aria-label={t("header.delete_room_named", { room: name })}
              title={t("header.delete_room")}
              className={`${ICON_BUTTON} hover:text-danger max-md:hidden`}
            >
              <Trash2 aria-hidden="true" className="size-5" />
            </button>
          ) : null}
          {phoneItems.length > 0 ? (
            <button
              type="button"
              onClick={(event) =>
                setMore({ anchor: event.currentTarget, items: window.matchMedia(PHONE).matches ? phoneItems : moreItems })
              }
              aria-label={members("header.more")}
              title={members("header.more")}
              aria-haspopup="menu"
              aria-expanded={more !== null}
              className={`${ICON_BUTTON} ${moreItems.length === 0 ? "md:hidden" : ""}`}
            >
              <EllipsisVertical aria-hidden="true" className="size-5" />
            </button>
          ) : null}
          <button
            id={membersButtonId}
            type="button"
            onClick={onOpenMembers}
            aria-label={members("panel.open")}
            title={members("panel.open")}
            aria-expanded={membersOpen}
            aria-controls={MEMBER_PANEL_ID}
            className={`${ICON_BUTTON} lg:hidden`}
          >
            <Users aria-hidden="true" className="size-5" />
          </button>
        </>
      ) : (
        <h1 className="font-semibold text-ink-strong">{t("room_not_found")}</h1>
      )}
      {more ? (
        <ActionMenu
          label={members("header.more")}
          items={more.items}
          anchor={more.anchor}
          onClose={() => {
            more.anchor.focus();
            setMore(null);
          }}
        />
      ) : null}
    </header>
  );
}
