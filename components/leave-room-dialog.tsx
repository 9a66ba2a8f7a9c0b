"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { useRoomName } from "@/lib/client/use-room-name";
import { AUTOFOCUS, ModalDialog } from "./modal-dialog";

interface LeaveRoomDialogProps {
  room: RoomDto | null;
  onClose: () => void;
  /** Leaves; the server's refusal in words, or null when done. */
  onConfirm: (room: RoomDto) => Promise<string | null>;
}

const strong = (chunks: ReactNode) => <strong className="font-semibold break-words text-ink-strong">{chunks}</strong>;

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
              ? t.rich("question_direct", { names: roomName(room), strong })
              : t.rich(room.kind === "private" ? "question_private" : "question_public", { room: roomName(room), strong })}
          </p>
        ) : null
      }
    >
      {room ? <LeaveActions room={room} onClose={onClose} onConfirm={onConfirm} /> : null}
    </ModalDialog>
  );
}

function LeaveActions({ room, onClose, onConfirm }: { room: RoomDto } & Omit<LeaveRoomDialogProps, "room">) {
  const t = useTranslations();
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
        <button type="button" onClick={onClose} {...AUTOFOCUS} className="h-10 rounded-[3px] px-4 text-sm font-medium text-ink-strong hover:underline max-md:h-11">
          {t("chat.dialog.cancel")}
        </button>
        <button
          type="button"
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
          className="h-10 rounded-[3px] bg-danger-strong px-4 text-sm font-medium text-white hover:bg-danger-strong-hover disabled:cursor-wait disabled:opacity-70 max-md:h-11"
        >
          {t("members.leave.confirm")}
        </button>
      </div>
    </>
  );
}
