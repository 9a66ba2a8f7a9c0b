"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/use-room-name";
import { AUTOFOCUS, ModalDialog } from "./modal-dialog";

interface DeleteRoomDialogProps {
  room: RoomDto | null;
  onClose: () => void;
  onConfirm: (room: RoomDto) => Promise<string | null>;
}

const roomMark = (chunks: ReactNode) => <strong className="font-semibold break-words text-ink-strong">{chunks}</strong>;

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
              strong: roomMark,
            })}
          </p>
        ) : null
      }
    >
      {room ? <DeleteActions room={room} onClose={onClose} onConfirm={onConfirm} /> : null}
    </ModalDialog>
  );
}

function DeleteActions({ room, onClose, onConfirm }: { room: RoomDto } & Omit<DeleteRoomDialogProps, "room">) {
  const t = useTranslations("chat");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    const failure = await onConfirm(room);
    setBusy(false);
    setError(failure);
  }

  return (
    <>
      {error ? (
        <p role="alert" className="mb-4 rounded-[3px] border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onClose} {...AUTOFOCUS} className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline">
          {t("dialog.cancel")}
        </button>
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
          className="h-10 rounded-[3px] bg-danger-strong px-4 text-sm font-medium text-white hover:bg-danger-strong-hover disabled:cursor-wait disabled:opacity-70"
        >
          {t("delete_room.confirm")}
        </button>
      </div>
    </>
  );
}
