import { foldKey } from "../db/keys";
import type { User } from "../db/types";
import { ChatError } from "../errors";
import { timeZoneOfCity } from "../geo/city-time";
import { parseInput } from "../validation";
import type { Viewer } from "./access";
import type { ProfileDto, RoomDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { announceRoom, requireRoomView, viewsOf } from "./rooms";
import { idParamSchema, inviteSchema, openDirectSchema } from "./schemas";

const userNotFound = () => new ChatError("not_found", "profile_not_found");

/**
 * The conversation between the actor and these people (one to nine others), opened if it did not exist:
 * the same people always find the same conversation, however many open it at once (the store's unique
 * key decides). A one-to-one conversation is refused while either person has blocked the other. Opening
 * spends one of the sender's message budget, so nobody can mint conversations faster than messages.
 */
export async function openDirect(deps: ChatDeps, actor: Actor, input: unknown): Promise<{ room: RoomDto; created: boolean }> {
  const { usernames } = parseInput(openDirectSchema, input);
  await deps.throttles.messages.take(`user:${actor.id}`);
  const wanted = new Set(usernames.map(foldKey));
  const people = (await deps.store.getUsersByUsernames([...wanted])).filter((user) => user.id !== actor.id);
  const found = new Set(people.map((user) => foldKey(user.username)));
  const self = await deps.store.getUserById(actor.id);
  if (self) found.add(foldKey(self.username));
  const missing = [...wanted].filter((name) => !found.has(name));
  if (missing.length > 0) throw new ChatError("not_found", "username_unknown", { fields: { usernames: "username_unknown" } });
  if (people.length === 0) throw new ChatError("invalid_input", "direct_people_invalid", { fields: { usernames: "direct_people_invalid" } });
  const [other] = people;
  if (people.length === 1 && other && ((await deps.store.hasBlocked(actor.id, other.id)) || (await deps.store.hasBlocked(other.id, actor.id)))) {
    throw new ChatError("forbidden", "blocked_conversation");
  }
  const { room, created } = await deps.store.openDirect([actor.id, ...people.map((user) => user.id)]);
  if (created) await announceRoom(deps, "room_created", room);
  const [dto] = await viewsOf(deps.store, actor, [await requireRoomView(deps.store, actor, room.id)]);
  if (!dto) throw new ChatError("not_found", "room_not_found");
  return { room: dto, created };
}

function requireUserId(raw: string): number {
  return parseInput(idParamSchema, raw);
}

/** Blocks or unblocks someone: while blocked, neither opens or writes in a one-to-one conversation with the other. */
export async function setBlocked(deps: Pick<ChatDeps, "store">, actor: Actor, rawUserId: string, blocked: boolean): Promise<void> {
  const userId = requireUserId(rawUserId);
  if (userId === actor.id) throw new ChatError("invalid_input", "cannot_block_self");
  if (!(await deps.store.getUserById(userId))) throw userNotFound();
  if (blocked) await deps.store.blockUser(actor.id, userId);
  else await deps.store.unblockUser(actor.id, userId);
}

/** What a profile card shows: name, city and its time zone when known, when they joined, whether they are online or blocked by the reader. */
export async function getProfile(deps: Pick<ChatDeps, "store" | "events">, viewer: Viewer, rawUserId: string): Promise<ProfileDto> {
  return profileOf(deps, viewer, await deps.store.getUserById(requireUserId(rawUserId)));
}

/** The same card found by username (any case): for a name typed or shown without its id. */
export async function findProfile(deps: Pick<ChatDeps, "store" | "events">, viewer: Viewer, query: Record<string, string | undefined>): Promise<ProfileDto> {
  const { username } = parseInput(inviteSchema, { username: query.username });
  return profileOf(deps, viewer, await deps.store.getUserByUsername(username));
}

async function profileOf(deps: Pick<ChatDeps, "store" | "events">, viewer: Viewer, user: User | null): Promise<ProfileDto> {
  if (!user?.isActive) throw userNotFound();
  return {
    id: user.id,
    username: user.username,
    city: user.city,
    time_zone: timeZoneOfCity(user.city),
    member_since: user.createdAt.toISOString(),
    blocked: await deps.store.hasBlocked(viewer.id, user.id),
    online: (await deps.events.online([user.id])).has(user.id),
  };
}
