import { isUniqueViolation, type Room, type Store } from "../db/types";
import { ChatError } from "../errors";
import { parseInput } from "../validation";
import { toRoomDto, type RoomDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { createRoomSchema, updateRoomSchema } from "./schemas";

export const DEFAULT_ROOM = { name: "Общий чат", description: "Комната для всех" } as const;

const DUPLICATE_NAME = "Комната с таким названием уже существует";

export function seedDefaultRoom(store: Store): Promise<Room> {
  return store.ensureDefaultRoom(DEFAULT_ROOM);
}

export async function listRooms({ store }: Pick<ChatDeps, "store">): Promise<RoomDto[]> {
  return (await store.listRooms()).map(toRoomDto);
}

export const roomNotFound = () => new ChatError("not_found", "Комната не найдена");

/** The room, or not_found: every use case that names a room starts here. */
export async function requireRoom(store: Store, roomId: number): Promise<Room> {
  const room = await store.getRoom(roomId);
  if (!room) throw roomNotFound();
  return room;
}

async function defaultRoomOf(store: Store): Promise<Room> {
  return (await store.getDefaultRoom()) ?? seedDefaultRoom(store);
}

function refuseDuplicateName(err: unknown): never {
  if (isUniqueViolation(err) && err.field === "name") {
    throw new ChatError("conflict", DUPLICATE_NAME, { cause: err, fields: { name: DUPLICATE_NAME } });
  }
  throw err;
}

export async function createRoom(deps: ChatDeps, user: Actor, input: unknown): Promise<RoomDto> {
  const { name, description } = parseInput(createRoomSchema, input);
  const room = await deps.store.insertRoom({ name, description, createdBy: user.id }).catch(refuseDuplicateName);
  const dto = toRoomDto(room);
  deps.events.roomCreated(dto);
  return dto;
}

/** The default room is where everyone lands, and where people in deleted rooms are sent. */
function assertDeletable(room: Room) {
  if (room.isDefault) throw new ChatError("forbidden", `«${room.name}» нельзя удалить`);
}

/** Only the creator edits a room; the default room has no creator, so nobody edits it. */
function assertCreator(room: Room, user: Actor, action: string) {
  if (room.createdBy !== user.id) {
    throw new ChatError("forbidden", `Только создатель комнаты может ${action}`);
  }
}

export async function updateRoom(deps: ChatDeps, user: Actor, roomId: number, input: unknown): Promise<RoomDto> {
  const patch = parseInput(updateRoomSchema, input);
  const room = await requireRoom(deps.store, roomId);
  assertCreator(room, user, "её изменить");
  const updated = await deps.store.updateRoom(room.id, patch).catch(refuseDuplicateName);
  if (!updated) throw new ChatError("not_found", "Комната не найдена");
  const dto = toRoomDto(updated);
  deps.events.roomUpdated(dto);
  return dto;
}

export async function deleteRoom(deps: ChatDeps, user: Actor, roomId: number): Promise<{ deleted: true; fallback_room_id: number }> {
  const room = await requireRoom(deps.store, roomId);
  assertDeletable(room);
  assertCreator(room, user, "её удалить");
  const fallback = await defaultRoomOf(deps.store);
  if (!(await deps.store.deleteRoom(room.id))) throw new ChatError("not_found", "Комната не найдена");
  deps.events.roomDeleted({ room_id: room.id, fallback_room_id: fallback.id });
  return { deleted: true, fallback_room_id: fallback.id };
}

/** For operators: deletes any room but the default one, whoever created it. */
export async function deleteRoomAsOperator(store: Store, roomId: number): Promise<Room> {
  const room = await requireRoom(store, roomId);
  assertDeletable(room);
  await store.deleteRoom(room.id);
  return room;
}
