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
