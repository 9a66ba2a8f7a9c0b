import type { RoomDto } from "@/lib/chat/dto";

export const chatRoomHref = (roomId: number) => `/chat?room=${roomId}`;

/**
 * The room a `?room=` value names: the default room when absent, null when it is malformed or unknown.
 * Server and browser both resolve through here, so the first render and later navigation agree.
 */
export function resolveRoom(param: string | null | undefined, rooms: RoomDto[]): RoomDto | null {
  if (param === null || param === undefined || param === "") return rooms.find((r) => r.is_default) ?? rooms[0] ?? null;
  const id = roomIdOfParam(param);
  return id === null ? null : (rooms.find((r) => r.id === id) ?? null);
}

/** The id a `?room=` value names, or null when it is not one. */
export function roomIdOfParam(param: string): number | null {
  return /^\d{1,15}$/.test(param) ? Number(param) : null;
}

/** The tab title of a page; app/layout.tsx builds its metadata template from it. */
export const pageTitle = (title: string) => `${title} · Discock`;

/** The catalogue's words for rooms; next-intl's translator of the whole catalogue, on the server or in the browser, fits. */
export type RoomWords = (key: "common.default_room_name" | "chat.room_not_found" | "members.direct.only_you") => string;

export type NamedRoom = Pick<RoomDto, "name" | "is_default" | "kind" | "members">;

/** The people of a conversation but the reader; everyone in it when the reader is not known (null). */
export const otherMembers = (room: Pick<RoomDto, "members">, meId: number | null) => (room.members ?? []).filter((m) => m.id !== meId);

/**
 * What a room is called on screen. The default room keeps the name it was stored under, but each reader sees it
 * in their own language; a conversation has no name of its own and is called after the other people in it.
 */
export function roomDisplayName(room: NamedRoom, t: RoomWords, meId: number | null = null): string {
  if (room.kind === "direct") {
    const names = otherMembers(room, meId).map((m) => m.username);
    return names.length > 0 ? names.join(", ") : t("members.direct.only_you");
  }
  return room.is_default ? t("common.default_room_name") : room.name;
}

/**
 * The sidebar's two lists: conversations, the most recently active first (an empty one last, the newest of those
 * first), and rooms, public and private, in the order of the room list (the default room first, then by id).
 */
export function sidebarRooms(rooms: RoomDto[]): { direct: RoomDto[]; rooms: RoomDto[] } {
  const direct = rooms
    .filter((room) => room.kind === "direct")
    .sort((a, b) => (b.last_message_id ?? 0) - (a.last_message_id ?? 0) || b.id - a.id);
  return { direct, rooms: rooms.filter((room) => room.kind !== "direct") };
}

/** The tab title: rooms by #name, conversations by @name, as Discord titles them. */
export const roomTitle = (room: RoomDto | null, t: RoomWords, meId: number | null = null) =>
  room ? `${room.kind === "direct" ? "@" : "#"}${roomDisplayName(room, t, meId)}` : t("chat.room_not_found");

// One cookie per account, so each account of a shared browser comes back to its own room. The server reads it to
// render that room for a bare /chat, so it is a cookie and not localStorage.
const lastRoomCookie = (userId: number) => `discock_room_${userId}`;
const YEAR_S = 365 * 24 * 60 * 60;

/** Remembers, in this browser, the room this account has on screen. */
export function rememberRoom(userId: number, roomId: number) {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${lastRoomCookie(userId)}=${roomId}; Path=/; Max-Age=${YEAR_S}; SameSite=Lax${secure}`;
}

/** The room id this account last had on screen in this browser, from the request's cookies. */
export function rememberedRoomId(cookies: { get(name: string): { value: string } | undefined }, userId: number): number | null {
  const value = cookies.get(lastRoomCookie(userId))?.value;
  return value === undefined ? null : roomIdOfParam(value);
}
