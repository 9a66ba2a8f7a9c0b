"use client";

import { useTranslations } from "next-intl";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/use-room-name";
import { DangerActions, strongMark } from "./danger-actions";
import { ModalDialog } from "./modal-dialog";

interface DeleteRoomDialogProps {
  room: RoomDto | null;
  onClose: () => void;
  onConfirm: (room: RoomDto) => Promise<string | null>;
}

export function DeleteRoomDialog({ room, onClose, onConfirm }: DeleteRoomDialogProps) {
  const t = useTranslations();
  const roomName = useRoomName();
  return (
    <ModalDialog
      open={room !== null}
      onClose={onClose}
      title={t("chat.delete_room.title")}
      description={
        room ? (
          <p>
            {t.rich("chat.delete_room.question", {
              room: roomName(room),
              defaultRoom: t("common.default_room_name"),
              strong: strongMark,
            })}
          </p>
        ) : null
      }
    >
      {room ? <DangerActions confirmLabel={t("chat.delete_room.confirm")} onClose={onClose} onConfirm={() => onConfirm(room)} /> : null}
    </ModalDialog>
  );
}
