import { useTranslations } from "next-intl";
import type { RoomDto } from "@/lib/chat/dto";
import { chatRoomHref } from "@/lib/client/room-param";
import { useRoomName } from "@/lib/client/use-room-name";

export function RoomNotFound({ defaultRoom, onGoDefault }: { defaultRoom: RoomDto | null; onGoDefault: (roomId: number) => void }) {
  const t = useTranslations("chat");
  const roomName = useRoomName();
  return (
    <div className="flex flex-1 items-center justify-center p-6 text-center">
      <div className="max-w-sm">
        <p className="text-5xl" aria-hidden="true">
          🧭
        </p>
        <p className="mt-3 text-xl font-semibold text-ink-strong">{t("room_not_found")}</p>
        <p className="mt-2 text-muted">{t("room_not_found_hint")}</p>
        {defaultRoom ? (
          <a
            href={chatRoomHref(defaultRoom.id)}
            onClick={(event) => {
              event.preventDefault();
              onGoDefault(defaultRoom.id);
            }}
            className="mt-5 inline-flex h-10 items-center rounded-[3px] bg-blurple px-4 font-medium text-white hover:bg-blurple-hover"
          >
            {t("go_to_room", { room: roomName(defaultRoom) })}
          </a>
        ) : null}
      </div>
    </div>
  );
}
