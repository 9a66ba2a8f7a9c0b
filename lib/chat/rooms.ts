import { isUniqueViolation, type Room, type RoomView, type Store } from "../db/types";
import { ChatError, isChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import { parseInput } from "../validation";
import { PRIVILEGED_ROLES, permissionsOf, requireAccess, requireDeletable, roomNotFound, type Viewer } from "./access";
import { toRoomDto, type RoomDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { createRoomSchema, roomPageQuerySchema, updateRoomSchema } from "./schemas";

/**
 * The room everyone lands in. Its stored name is what it was always called (names are data, like any
 * room's); the browser shows it under the reader's language's name (common.default_room_name).
 */
export const DEFAULT_ROOM = { name: "Общий чат", description: "" } as const;

export function seedDefaultRoom(store: Store): Promise<Room> {
  return store.ensureDefaultRoom(DEFAULT_ROOM);
}

const viewOf = (viewer: Viewer, { room, role }: RoomView): RoomDto => toRoomDto(room, permissionsOf(viewer, room, role && { role }));

/**
 * One keyset page of the rooms the actor can see, the default room first, each with what the actor may
 * do with it. Pages are bounded, so neither the list nor the chat page that embeds its first page grows
 * with the number of rooms.
 */
export async function listRooms({ store }: Pick<ChatDeps, "store">, viewer: Viewer, query: Record<string, string | undefined> = {}): Promise<RoomDto[]> {
  const page = parseInput(roomPageQuerySchema, query);
  return (await store.listRooms({ ...page, viewerId: viewer.id })).map((view) => viewOf(viewer, view));
}

/** The room as the viewer sees it, when they may read it: every use case that names a room starts here. */
export async function requireRoomView(store: Store, viewer: Viewer, roomId: number): Promise<RoomView> {
  const view = await store.getRoomView(roomId, viewer.id);
  if (!view) throw roomNotFound();
  requireAccess(viewer, "read", view.room, view.role && { role: view.role });
  return view;
}

/** The room with this id as the viewer sees it, or null: for a page that names a room outside the first page of the list. */
export async function findRoom({ store }: Pick<ChatDeps, "store">, viewer: Viewer, roomId: number): Promise<RoomDto | null> {
  try {
    return viewOf(viewer, await requireRoomView(store, viewer, roomId));
  } catch (err) {
    if (isChatError(err) && err.code === "not_found") return null;
    throw err;
  }
}

async function defaultRoomOf(store: Store): Promise<Room> {
  return (await store.getDefaultRoom()) ?? seedDefaultRoom(store);
}

function refuseDuplicateName(err: unknown): never {
  if (isUniqueViolation(err) && err.field === "name") {
    const message: ErrorKey = err.confusable ? "room_name_confusable" : "room_name_taken";
    throw new ChatError("conflict", message, { cause: err, fields: { name: message } });
  }
  throw err;
}

/**
 * Announces a room created or changed. Its object carries the reader's permissions, so the room's
 * owners and moderators get theirs, and everyone else — who may all do the same with a public room —
 * gets one copy for a reader without a role.
 */
async function announceRoom(deps: ChatDeps, event: "room_created" | "room_updated", room: Room): Promise<void> {
  const privileged = await deps.store.listMembersWithRoles(room.id, PRIVILEGED_ROLES);
  for (const member of privileged) {
    deps.events.publish(event, toRoomDto(room, permissionsOf({ id: member.userId }, room, member)), { to: "users", userIds: [member.userId] });
  }
  const exceptUserIds = privileged.map((member) => member.userId);
  deps.events.publish(event, toRoomDto(room, permissionsOf({ id: 0 }, room, null)), { to: "everyone", exceptUserIds });
}

const QUOTA_MESSAGES = { perCreator: "room_quota_creator", total: "room_quota_total" } as const satisfies Record<string, ErrorKey>;

/**
 * A new room, owned by its creator and announced to everyone. Each creation spends one of the user's
 * creations per hour before anything is written; how many rooms one user and the whole server may hold
 * is counted by the store in the same step as the insert.
 */
export async function createRoom(deps: ChatDeps, actor: Actor, input: unknown): Promise<RoomDto> {
  const { name, description } = parseInput(createRoomSchema, input);
  await deps.throttles.roomCreations.take(`user:${actor.id}`);
  const result = await deps.store.insertRoom({ name, description, createdBy: actor.id }, deps.roomQuota).catch(refuseDuplicateName);
  if (result.status === "over_quota") {
    throw new ChatError("too_many_rooms", QUOTA_MESSAGES[result.quota], { values: { limit: deps.roomQuota.perCreator } });
  }
  await announceRoom(deps, "room_created", result.room);
  return toRoomDto(result.room, permissionsOf(actor, result.room, { role: "owner" }));
}

export async function updateRoom(deps: ChatDeps, actor: Actor, roomId: number, input: unknown): Promise<RoomDto> {
  const patch = parseInput(updateRoomSchema, input);
  const { room, role } = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "manage_room", room, role && { role });
  const updated = await deps.store.updateRoom(room.id, patch).catch(refuseDuplicateName);
  if (!updated) throw roomNotFound();
  await announceRoom(deps, "room_updated", updated);
  return toRoomDto(updated, permissionsOf(actor, updated, role && { role }));
}

/** Deletes a room and its messages; everyone viewing it is moved to the default room. */
export async function deleteRoom(deps: ChatDeps, actor: Actor, roomId: number): Promise<{ deleted: true; fallback_room_id: number }> {
  const { room, role } = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "delete_room", room, role && { role });
  return removeRoom(deps, room);
}

async function removeRoom(deps: Pick<ChatDeps, "store" | "events">, room: Room): Promise<{ deleted: true; fallback_room_id: number }> {
  const fallback = await defaultRoomOf(deps.store);
  if (!(await deps.store.deleteRoom(room.id))) throw roomNotFound();
  deps.events.publish("room_deleted", { room_id: room.id, fallback_room_id: fallback.id }, { to: "everyone" });
  deps.events.closeRoom(room.id);
  return { deleted: true, fallback_room_id: fallback.id };
}

/**
 * For operators (the admin CLI): deletes any room but the default one, whoever owns it, and tells the
 * open clients the same way a user's deletion does.
 */
export async function deleteRoomAsOperator(deps: Pick<ChatDeps, "store" | "events">, roomId: number): Promise<Room> {
  const room = await deps.store.getRoom(roomId);
  if (!room) throw roomNotFound();
  requireDeletable(room);
  await removeRoom(deps, room);
  return room;
}
