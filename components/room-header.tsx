import { Hash, Menu, Pencil, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/room-param";

interface RoomHeaderProps {
  room: RoomDto | null;
  canEdit: boolean;
  canDelete: boolean;
  drawerOpen: boolean;
  menuButtonId: string;
  onOpenDrawer: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function RoomHeader({ room, canEdit, canDelete, drawerOpen, menuButtonId, onOpenDrawer, onEdit, onDelete }: RoomHeaderProps) {
  const t = useTranslations("chat");
  const roomName = useRoomName();
  const name = room ? roomName(room) : "";
  return (
    <header className="flex min-h-12 shrink-0 items-center gap-2 border-b border-deep px-2 py-1.5 shadow-sm sm:px-4">
      <button
        id={menuButtonId}
        type="button"
        onClick={onOpenDrawer}
        aria-label={t("header.menu")}
        aria-expanded={drawerOpen}
        aria-controls="chat-sidebar"
        className="flex size-11 items-center justify-center rounded text-ink hover:bg-line hover:text-ink-strong md:hidden"
      >
        <Menu aria-hidden="true" className="size-6" />
      </button>
      {room ? (
        <>
          <Hash aria-hidden="true" className="size-6 shrink-0 text-muted" />
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
              className="flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-ink-strong max-md:size-11"
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
              className="flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-danger max-md:size-11"
            >
              <Trash2 aria-hidden="true" className="size-5" />
            </button>
          ) : null}
        </>
      ) : (
        <h1 className="font-semibold text-ink-strong">{t("room_not_found")}</h1>
      )}
    </header>
  );
}
