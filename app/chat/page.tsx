import type { Metadata, Viewport } from "next";
import { ChatApp } from "@/components/chat-app";
import { requireUser } from "@/lib/auth/current-user";
import type { MessageDto } from "@/lib/chat/dto";
import { listMessages } from "@/lib/chat/messages";
import { findRoom, listRooms } from "@/lib/chat/rooms";
import { ROOM_PAGE_DEFAULT } from "@/lib/chat/schemas";
import { resolveRoom, roomIdOfParam } from "@/lib/client/room-param";
import { isChatError } from "@/lib/errors";
import { chatDeps } from "@/lib/runtime";

export const metadata: Metadata = { title: "Чат" };

// The on-screen keyboard shrinks the layout, so the composer at the bottom of a 100dvh page stays above it.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#313338",
  interactiveWidget: "resizes-content",
};

export default async function ChatPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const deps = chatDeps();
  const rooms = await listRooms(deps, user);
  const roomsAfter = rooms.length < ROOM_PAGE_DEFAULT ? null : (rooms.at(-1)?.id ?? null);
  const { room: given } = await searchParams;
  // As URLSearchParams.get in the browser: the first of repeated values.
  const param = Array.isArray(given) ? given[0] : given;
  // Only the first page of rooms is embedded; a room further down the list is added on its own.
  const namedId = param ? roomIdOfParam(param) : null;
  const named = namedId !== null && !rooms.some((r) => r.id === namedId) ? await findRoom(deps, user, namedId) : null;
  if (named) rooms.push(named);
  const room = resolveRoom(param, rooms);
  let messages: MessageDto[] = [];
  let roomId = room?.id ?? null;
  if (roomId !== null) {
    try {
      messages = await listMessages(deps, user, roomId, {});
    } catch (err) {
      // Deleted between the two reads: show «Комната не найдена» rather than an error page.
      if (!isChatError(err) || err.code !== "not_found") throw err;
      roomId = null;
    }
  }
  return (
    <ChatApp
      me={{ id: user.id, username: user.username, city: user.city }}
      rooms={rooms}
      roomsAfter={roomsAfter}
      initialRoomId={roomId}
      initialMessages={messages}
    />
  );
}
