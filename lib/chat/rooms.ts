import { isUniqueViolation, type Room, type Store } from "../db/types";
import { ChatError } from "../errors";
import { parseInput } from "../validation";
import { toRoomDto, type RoomDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { createRoomSchema, roomPageQuerySchema, updateRoomSchema } from "./schemas";

export const DEFAULT_ROOM = { name: "Общий чат", description: "Комната для всех" } as const;

const DUPLICATE_NAME = "Комната с таким названием уже существует";
const CONFUSABLE_NAME = "Есть комната с очень похожим названием — выберите другое";

export function seedDefaultRoom(store: Store): Promise<Room> {
  return store.ensureDefaultRoom(DEFAULT_ROOM);
}

/**
 * One keyset page of the room list, the default room first. Pages are bounded, so neither the list
 * nor the chat page that embeds its first page grows with the number of rooms.
 */
export async function listRooms({ store }: Pick<ChatDeps, "store">, query: Record<string, string | undefined> = {}): Promise<RoomDto[]> {
  const page = parseInput(roomPageQuerySchema, query);
  return (await store.listRooms(page)).map(toRoomDto);
}

export const roomNotFound = () => new ChatError("not_found", "Комната не найдена");

/** The room with this id, or null: for a page that names a room outside the first page of the list. */
export async function findRoom({ store }: Pick<ChatDeps, "store">, roomId: number): Promise<RoomDto | null> {
  const room = await store.getRoom(roomId);
  return room ? toRoomDto(room) : null;
}

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
    const message = err.confusable ? CONFUSABLE_NAME : DUPLICATE_NAME;
    throw new ChatError("conflict", message, { cause: err, fields: { name: message } });
  }
  throw err;
}

const QUOTA_MESSAGES = {
  perCreator: (limit: number) => `У вас уже ${limit} комнат — больше создать нельзя. Удалите ненужную.`,
  total: () => "На сервере больше нет места для новых комнат",
} as const;

/**
 * A new room, announced to everyone. Each creation spends one of the user's creations per hour before
 * anything is written; how many rooms one user and the whole server may hold is counted by the store
 * in the same step as the insert.
 */
export async function createRoom(deps: ChatDeps, user: Actor, input: unknown): Promise<RoomDto> {
  const { name, description } = parseInput(createRoomSchema, input);
  await deps.throttles.roomCreations.take(`user:${user.id}`);
  const result = await deps.store.insertRoom({ name, description, createdBy: user.id }, deps.roomQuota).catch(refuseDuplicateName);
  if (result.status === "over_quota") {
    throw new ChatError("too_many_rooms", QUOTA_MESSAGES[result.quota](deps.roomQuota.perCreator));
  }
  const dto = toRoomDto(result.room);
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
