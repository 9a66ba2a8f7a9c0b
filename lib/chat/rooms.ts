import type { Room, Store } from "../db/types";

export const DEFAULT_ROOM = { name: "Общий чат", description: "Комната для всех" } as const;

export function seedDefaultRoom(store: Store): Promise<Room> {
  return store.ensureDefaultRoom(DEFAULT_ROOM);
}

export function listRooms(store: Store): Promise<Room[]> {
  return store.listRooms();
}
