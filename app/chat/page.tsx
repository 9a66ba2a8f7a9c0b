import type { Metadata, Viewport } from "next";
import { ChatApp } from "@/components/chat-app";
import { requireUser } from "@/lib/auth/current-user";
import type { MessageDto } from "@/lib/chat/dto";
import { listMessages } from "@/lib/chat/messages";
import { listRooms } from "@/lib/chat/rooms";
import { resolveRoom } from "@/lib/client/room-param";
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
  const rooms = await listRooms(deps);
  const { room: param } = await searchParams;
  // As URLSearchParams.get in the browser: the first of repeated values.
  const room = resolveRoom(Array.isArray(param) ? param[0] : param, rooms);
  let messages: MessageDto[] = [];
  let roomId = room?.id ?? null;
  if (roomId !== null) {
    try {
      messages = await listMessages(deps, roomId, {});
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
      initialRoomId={roomId}
      initialMessages={messages}
    />
  );
}
