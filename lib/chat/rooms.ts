import { isUniqueViolation, type DirectPerson, type Room, type RoomView, type Store } from "../db/types";
import { ChatError, isChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import { parseInput } from "../validation";
import { contextOf, permissionsOf, PRIVILEGED_ROLES, requireAccess, requireDeletable, roomNotFound, type Viewer } from "./access";
import { recordAudit } from "./audit";
import { toRoomDto, type RoomDto } from "./dto";
import type { Actor, Audience, ChatDeps } from "./events";
import { createRoomSchema, roomPageQuerySchema, updateRoomSchema } from "./schemas";

/** How many of one person's private rooms and direct conversations the first page of their room list carries, most recently active first. */
export const OWN_ROOMS_ON_FIRST_PAGE = 200;

/**
 * The room everyone lands in. Its stored name is what it was always called (names are data, like any
 * room's); the browser shows it under the reader's language's name (common.default_room_name).
 */
export const DEFAULT_ROOM = { name: "Общий чат", description: "" } as const;

export function seedDefaultRoom(store: Store): Promise<Room> {
  return store.ensureDefaultRoom(DEFAULT_ROOM);
}

/** The room as this viewer sees it; a direct conversation's people come from `people` (read for a whole page at once). */
export const viewOf = (viewer: Viewer, view: RoomView, people?: DirectPerson[]): RoomDto =>
  toRoomDto(view.room, { role: view.role, permissions: permissionsOf(viewer, contextOf(view)), lastMessageId: view.lastMessageId, people });

/** Room objects for these views, reading the people of every direct conversation among them in one query. */
export async function viewsOf(store: Store, viewer: Viewer, views: RoomView[]): Promise<RoomDto[]> {
  const direct = views.filter((view) => view.room.kind === "direct").map((view) => view.room.id);
  const people = await store.listDirectPeople(direct);
  return views.map((view) => viewOf(viewer, view, people.get(view.room.id)));
}

/**
 * One keyset page of the rooms the actor can see, the default room first, each with what the actor may
 * do with it. Pages are bounded, so neither the list nor the chat page that embeds its first page grows
 * with the number of rooms.
 */
export async function listRooms({ store }: Pick<ChatDeps, "store">, viewer: Viewer, query: Record<string, string | undefined> = {}): Promise<RoomDto[]> {
  const page = parseInput(roomPageQuerySchema, query);
  return viewsOf(store, viewer, await store.listRooms({ ...page, ownLimit: OWN_ROOMS_ON_FIRST_PAGE, viewerId: viewer.id }));
}

/** The room as the viewer sees it, when they may read it: every use case that names a room starts here. */
export async function requireRoomView(store: Store, viewer: Viewer, roomId: number): Promise<RoomView> {
  const view = await store.getRoomView(roomId, viewer.id);
  if (!view) throw roomNotFound();
  requireAccess(viewer, "read", contextOf(view));
  return view;
}

/** The room with this id as the viewer sees it, or null: for a page that names a room outside the first page of the list. */
export async function findRoom({ store }: Pick<ChatDeps, "store">, viewer: Viewer, roomId: number): Promise<RoomDto | null> {
  try {
    const [dto] = await viewsOf(store, viewer, [await requireRoomView(store, viewer, roomId)]);
    return dto ?? null;
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
 * Announces a room created or changed to those who may see it, each with their own permissions: its
 * owners and moderators one copy each; the rest of its readers one copy for a plain reader — everyone
 * for a public room, its members for a private one or a conversation (whose people are in the object).
 */
export async function announceRoom(deps: Pick<ChatDeps, "store" | "events">, event: "room_created" | "room_updated", room: Room): Promise<void> {
  const people = room.kind === "direct" ? (await deps.store.listDirectPeople([room.id])).get(room.id) : undefined;
  const readerView = (role: RoomView["role"]): RoomView => ({
    room,
    role,
    timedOutUntil: null,
    banned: false,
    siteAdmin: false,
    blocked: false,
    lastMessageId: null,
  });
  const privileged = await deps.store.listMembersWithRoles(room.id, PRIVILEGED_ROLES);
  for (const member of privileged) {
    deps.events.publish(event, viewOf({ id: member.userId }, readerView(member.role), people), { to: "users", userIds: [member.userId] });
  }
  const exceptUserIds = privileged.map((member) => member.userId);
  const readers: Audience =
    room.kind === "public"
      ? { to: "everyone", exceptUserIds }
      : { to: "users", userIds: (await deps.store.listMemberIds(room.id)).filter((id) => !exceptUserIds.includes(id)) };
  if (readers.to === "users" && readers.userIds.length === 0) return;
  const plainRole = room.kind === "public" ? null : "member";
  deps.events.publish(event, viewOf({ id: 0 }, readerView(plainRole), people), readers);
}

const QUOTA_MESSAGES = { perCreator: "room_quota_creator", total: "room_quota_total" } as const satisfies Record<string, ErrorKey>;

/**
 * A new room, owned by its creator and announced to everyone. Each creation spends one of the user's
 * creations per hour before anything is written; how many rooms one user and the whole server may hold
 * is counted by the store in the same step as the insert.
 */
export async function createRoom(deps: ChatDeps, actor: Actor, input: unknown): Promise<RoomDto> {
  const { name, description, visibility } = parseInput(createRoomSchema, input);
  await deps.throttles.roomCreations.take(`user:${actor.id}`);
  const result = await deps.store.insertRoom({ name, description, createdBy: actor.id, kind: visibility }, deps.roomQuota).catch(refuseDuplicateName);
  if (result.status === "over_quota") {
    throw new ChatError("too_many_rooms", QUOTA_MESSAGES[result.quota], { values: { limit: deps.roomQuota.perCreator } });
  }
  await announceRoom(deps, "room_created", result.room);
  const [dto] = await viewsOf(deps.store, actor, [await requireRoomView(deps.store, actor, result.room.id)]);
  if (!dto) throw roomNotFound();
  return dto;
}

/**
 * Renames a room, changes its description or its visibility. A public room turned private keeps everyone
 * who had joined it as a member; every other connection stops following it and hears `room_access_lost`.
 * A private room turned public appears to everyone.
 */
export async function updateRoom(deps: ChatDeps, actor: Actor, roomId: number, input: unknown): Promise<RoomDto> {
  const { visibility, ...patch } = parseInput(updateRoomSchema, input);
  const view = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "manage_room", contextOf(view));
  const { room } = view;
  if (visibility !== undefined && room.isDefault && visibility !== "public") throw new ChatError("forbidden", "default_room_public");
  const kind = visibility !== undefined && visibility !== room.kind ? visibility : undefined;
  const updated = await deps.store.updateRoom(room.id, { ...patch, ...(kind ? { kind } : {}) }).catch(refuseDuplicateName);
  if (!updated) throw roomNotFound();
  if (kind) {
    await recordAudit(deps, { roomId: room.id, actorId: actor.id, action: "visibility_change", targetId: null, details: { visibility: kind } });
    if (kind === "private") {
      const members = await deps.store.listMemberIds(room.id);
      deps.events.unsubscribe(room.id, { allBut: members });
      deps.events.publish("room_access_lost", { room_id: room.id }, { to: "everyone", exceptUserIds: members });
    }
  }
  await announceRoom(deps, kind === "public" ? "room_created" : "room_updated", updated);
  const [dto] = await viewsOf(deps.store, actor, [await requireRoomView(deps.store, actor, room.id)]);
  if (!dto) throw roomNotFound();
  return dto;
}

/** Deletes a room and its messages; everyone viewing it is moved to the default room. */
export async function deleteRoom(deps: ChatDeps, actor: Actor, roomId: number): Promise<{ deleted: true; fallback_room_id: number }> {
  const view = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "delete_room", contextOf(view));
  return removeRoom(deps, view.room);
}

async function removeRoom(deps: Pick<ChatDeps, "store" | "events">, room: Room): Promise<{ deleted: true; fallback_room_id: number }> {
  const fallback = await defaultRoomOf(deps.store);
  const readers: Audience = room.kind === "public" ? { to: "everyone" } : { to: "users", userIds: await deps.store.listMemberIds(room.id) };
  if (!(await deps.store.deleteRoom(room.id))) throw roomNotFound();
  deps.events.publish("room_deleted", { room_id: room.id, fallback_room_id: fallback.id }, readers);
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
