import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { ChatApp } from "@/components/chat-app";
import { requireUser } from "@/lib/auth/current-user";
import type { MessageDto } from "@/lib/chat/dto";
import { listMessages } from "@/lib/chat/messages";
import { findRoom, listRooms } from "@/lib/chat/rooms";
import { ROOM_PAGE_DEFAULT } from "@/lib/chat/schemas";
import { rememberedRoomId, resolveRoom, roomIdOfParam, roomTitle } from "@/lib/client/room-param";
import { isChatError } from "@/lib/errors";
import { chatDeps } from "@/lib/runtime";

// The on-screen keyboard shrinks the layout, so the composer at the bottom of a 100dvh page stays above it.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#313338",
  interactiveWidget: "resizes-content",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** As URLSearchParams.get in the browser: the first of repeated values. */
async function roomParamOf(searchParams: SearchParams): Promise<string | undefined> {
  const { room } = await searchParams;
  return Array.isArray(room) ? room[0] : room;
}

/** Read once per request: the title and the page both need the room. */
const loadChat = cache(async (param: string | undefined) => {
  const user = await requireUser();
  const deps = chatDeps();
  const rooms = await listRooms(deps, user);
  // Pages count public rooms only: the default room and the reader's own rooms come on the first page besides.
  const publicRooms = rooms.filter((r) => r.kind === "public" && !r.is_default);
  const roomsAfter = publicRooms.length < ROOM_PAGE_DEFAULT ? null : (publicRooms.at(-1)?.id ?? null);
  // A bare /chat opens the room this account had open last in this browser; a room since deleted or closed to
  // it is not found, and the default room opens instead.
  const namedId = param ? roomIdOfParam(param) : rememberedRoomId(await cookies(), user.id);
  // Only the first page of rooms is embedded; a room further down the list is added on its own.
  const named = namedId !== null && !rooms.some((r) => r.id === namedId) ? await findRoom(deps, user, namedId) : null;
  if (named) rooms.push(named);
  let room = param ? resolveRoom(param, rooms) : (rooms.find((r) => r.id === namedId) ?? resolveRoom(undefined, rooms));
  let messages: MessageDto[] = [];
  if (room !== null) {
    try {
      messages = await listMessages(deps, user, room.id, {});
    } catch (err) {
      // Deleted between the two reads: show «Комната не найдена» rather than an error page.
      if (!isChatError(err) || err.code !== "not_found") throw err;
      room = null;
    }
  }
  return { user, rooms, roomsAfter, room, messages };
});

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const { user, room } = await loadChat(await roomParamOf(searchParams));
  return { title: roomTitle(room, await getTranslations(), user.id) };
}

export default async function ChatPage({ searchParams }: { searchParams: SearchParams }) {
  const { user, rooms, roomsAfter, room, messages } = await loadChat(await roomParamOf(searchParams));
  return (
    <ChatApp
      me={{ id: user.id, username: user.username, city: user.city }}
      rooms={rooms}
      roomsAfter={roomsAfter}
      initialRoomId={room?.id ?? null}
      initialMessages={messages}
    />
  );
}
