"use client";

import { useTranslations } from "next-intl";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/use-room-name";
import { DangerActions, strongMark } from "./danger-actions";
import { ModalDialog } from "./modal-dialog";

interface LeaveRoomDialogProps {
  room: RoomDto | null;
  onClose: () => void;
  /** Leaves; the server's refusal in words, or null when done. */
  onConfirm: (room: RoomDto) => Promise<string | null>;
}

/** Asks before leaving, saying what leaving costs: a public room stays open, a private one or a conversation does not. */
export function LeaveRoomDialog({ room, onClose, onConfirm }: LeaveRoomDialogProps) {
  const t = useTranslations("members.leave");
  const roomName = useRoomName();
  const direct = room?.kind === "direct";
  return (
    <ModalDialog
      open={room !== null}
      onClose={onClose}
      title={t(direct ? "title_direct" : "title_room")}
      description={
        room ? (
          <p>
            {direct
              ? t.rich("question_direct", { names: roomName(room), strong: strongMark })
              : t.rich(room.kind === "private" ? "question_private" : "question_public", { room: roomName(room), strong: strongMark })}
          </p>
        ) : null
      }
    >
      {room ? <DangerActions confirmLabel={t("confirm")} onClose={onClose} onConfirm={() => onConfirm(room)} /> : null}
    </ModalDialog>
  );
}
