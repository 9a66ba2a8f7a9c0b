import { useTranslations } from "next-intl";
import { useEffect } from "react";
import type { RoomDto } from "@/lib/chat/dto";
import { pageTitle, rememberRoom, roomTitle } from "./room-param";

/** The tab title follows the room on screen (a switch, a rename), and this browser remembers it for a bare /chat. */
export function useRoomOnScreen(userId: number, room: RoomDto | null) {
  const t = useTranslations();
  const title = pageTitle(roomTitle(room, t, userId));
  const roomId = room?.id ?? null;
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (roomId !== null) rememberRoom(userId, roomId);
  }, [userId, roomId]);
}
