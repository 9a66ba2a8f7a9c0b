"use client";

import { Users } from "lucide-react";
import { useTranslations } from "next-intl";
import type { RoomDto } from "@/lib/chat/dto";
import { otherMembers } from "@/lib/client/room-param";
import { useRoomName } from "@/lib/client/use-room-name";
import { Avatar } from "./avatar";
import { RoomLink } from "./room-list";

interface DirectListProps {
  /** Conversations, in the order shown (sidebarRooms). */
  rooms: RoomDto[];
  meId: number;
  currentRoomId: number | null;
  onSelect: (roomId: number) => void;
}

/** «Личные сообщения»: one-to-one and group conversations, each named and pictured after the other people in it. */
export function DirectList({ rooms, meId, currentRoomId, onSelect }: DirectListProps) {
  const t = useTranslations("members.direct");
  const roomName = useRoomName();
  return (
    <nav aria-labelledby="direct-title" className="px-2 pt-4">
      <h2 id="direct-title" className="mb-1 pl-2 text-xs font-bold tracking-wide text-muted uppercase">
        {t("heading")}
      </h2>
      {rooms.length === 0 ? (
        <p className="px-2 text-xs text-muted">{t("empty")}</p>
      ) : (
        <ul className="space-y-0.5">
          {rooms.map((room) => {
            const others = otherMembers(room, meId);
            const [only] = others;
            return (
              <li key={room.id}>
                <RoomLink
                  room={room}
                  current={room.id === currentRoomId}
                  onSelect={onSelect}
                  icon={
                    others.length === 1 && only ? (
                      <span className="-my-1 mr-1">
                        <Avatar userId={only.id} name={only.username} size="sm" />
                      </span>
                    ) : (
                      <span aria-hidden="true" className="-my-1 mr-1 flex size-8 shrink-0 items-center justify-center rounded-full bg-blurple text-white">
                        <Users className="size-4" />
                      </span>
                    )
                  }
                >
                  {roomName(room)}
                </RoomLink>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
