import type { MemberEntry, MemberTarget, RoomView } from "../db/types";
import { ChatError } from "../errors";
import { parseInput } from "../validation";
import { contextOf, requireAccess, requireActionOn, requireHandOver, type AccessTarget, type Viewer } from "./access";
import { recordAudit } from "./audit";
import { toMemberDto, type MemberDto, type MemberListDto } from "./dto";
import type { Actor, ChatDeps } from "./events";
import { announceRoom, requireRoomView, viewsOf } from "./rooms";
import { banSchema, inviteSchema, MEMBER_LIST_MAX, memberRoleSchema, timeoutSchema } from "./schemas";

const memberNotFound = () => new ChatError("not_found", "member_not_found");

const asTarget = (target: MemberTarget): AccessTarget => ({
  userId: target.user.id,
  role: target.membership?.role ?? null,
  siteAdmin: target.user.role === "admin",
});

async function requireTarget(deps: Pick<ChatDeps, "store">, roomId: number, userId: number): Promise<MemberTarget> {
  const target = await deps.store.getMemberTarget(roomId, userId);
  if (!target) throw memberNotFound();
  return target;
}

async function memberDto(deps: Pick<ChatDeps, "store" | "events">, roomId: number, userId: number): Promise<MemberDto> {
  const [entry] = await deps.store.listMembersAmong(roomId, [userId]);
  if (!entry) throw memberNotFound();
  return toMemberDto(entry, (await deps.events.online([userId])).has(userId));
}

/** The room as one person sees it now, sent to that person alone: after their role, timeout or membership changed. */
async function tellTheirView(deps: Pick<ChatDeps, "store" | "events">, roomId: number, userId: number, event: "room_created" | "room_updated"): Promise<void> {
  const view = await deps.store.getRoomView(roomId, userId);
  if (!view) return;
  const [dto] = await viewsOf(deps.store, { id: userId }, [view]);
  if (dto) deps.events.publish(event, dto, { to: "users", userIds: [userId] });
}

/**
 * Someone no longer reads the room: their connections stop following it on every instance, they hear
 * `room_access_lost`, and those who have the room open hear `left_room` (presence) and `member_left`.
 */
function cutOff(deps: Pick<ChatDeps, "events">, roomId: number, userId: number, wasMember: boolean): void {
  deps.events.unsubscribe(roomId, { userIds: [userId] });
  deps.events.publish("room_access_lost", { room_id: roomId }, { to: "users", userIds: [userId] });
  // Their connections left the room's channel without a leave_room of their own: presence lists drop them here.
  deps.events.publish("left_room", { room_id: roomId, user_id: userId }, { to: "room", roomId });
  if (wasMember) deps.events.publish("member_left", { room_id: roomId, user_id: userId }, { to: "room", roomId });
}

/**
 * Who is in the room. A private room or a conversation lists every member (up to MEMBER_LIST_MAX); a
 * public room, whose members may be everyone, lists those following it now and its owner and
 * moderators, and counts the rest. `online` is whether each has a connection open anywhere.
 */
export async function listMembers(deps: Pick<ChatDeps, "store" | "events">, viewer: Viewer, roomId: number): Promise<MemberListDto> {
  const { room } = await requireRoomView(deps.store, viewer, roomId);
  let entries: MemberEntry[];
  if (room.kind === "public") {
    const present = (await deps.events.presentIn(roomId)).map((user) => user.id);
    const staff = (await deps.store.listMembersWithRoles(roomId, ["owner", "moderator"])).map((member) => member.userId);
    entries = await deps.store.listMembersAmong(roomId, [...new Set([...present, ...staff])].slice(0, MEMBER_LIST_MAX));
  } else {
    entries = await deps.store.listMembers(roomId, MEMBER_LIST_MAX);
  }
  const online = await deps.events.online(entries.map((entry) => entry.userId));
  const total = await deps.store.countMembers(roomId);
  return { room_id: roomId, members: entries.map((entry) => toMemberDto(entry, online.has(entry.userId))), others: Math.max(0, total - entries.length) };
}

/** Adds someone by username: to a private room (its owner and moderators) or a group conversation (anyone in it). Spends one of the inviter's message budget. */
export async function inviteMember(deps: ChatDeps, actor: Actor, roomId: number, input: unknown): Promise<MemberDto> {
  const { username } = parseInput(inviteSchema, input);
  // Each invitation puts a room into someone's list: it spends the inviter's message budget, so nobody floods lists.
  await deps.throttles.messages.take(`user:${actor.id}`);
  const view = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "invite", contextOf(view));
  const invitee = await deps.store.getUserByUsername(username);
  if (!invitee?.isActive) throw new ChatError("not_found", "username_unknown", { fields: { username: "username_unknown" } });
  const added = await deps.store.addMember(roomId, invitee.id);
  if (added.status === "no_room") throw new ChatError("not_found", "room_not_found");
  if (added.status === "banned") throw new ChatError("forbidden", "user_banned_here", { fields: { username: "user_banned_here" } });
  if (added.status === "exists") throw new ChatError("conflict", "already_member", { fields: { username: "already_member" } });
  await recordAudit(deps, { roomId, actorId: actor.id, action: "invite", targetId: invitee.id });
  const member = await memberDto(deps, roomId, invitee.id);
  deps.events.publish("member_joined", { room_id: roomId, member }, { to: "room", roomId });
  // A conversation's object lists its people, so all of them get the new one; a room's newcomer gets it to add.
  if (view.room.kind === "direct") await announceRoom(deps, "room_updated", view.room);
  await tellTheirView(deps, roomId, invitee.id, "room_created");
  return member;
}

/**
 * Changes a member's role: moderator or member (the owner, or an admin in a public room), or hands the
 * room over (`owner`: its owner only; they become a moderator).
 */
export async function updateMember(deps: ChatDeps, actor: Actor, roomId: number, userId: number, input: unknown): Promise<MemberDto> {
  const { role } = parseInput(memberRoleSchema, input);
  const view = await requireRoomView(deps.store, actor, roomId);
  const context = contextOf(view);
  const target = await requireTarget(deps, roomId, userId);
  if (!target.membership) throw memberNotFound();
  if (role === "owner") {
    requireHandOver(actor, context, userId);
    if (!(await deps.store.transferOwnership(roomId, actor.id, userId))) throw memberNotFound();
    await recordAudit(deps, { roomId, actorId: actor.id, action: "ownership_transfer", targetId: userId });
    for (const [id, newRole] of [[userId, "owner"], [actor.id, "moderator"]] as const) {
      deps.events.publish("member_updated", { room_id: roomId, user_id: id, role: newRole, timed_out_until: null }, { to: "room", roomId });
    }
    await announceRoom(deps, "room_updated", view.room);
    return memberDto(deps, roomId, userId);
  }
  requireActionOn(actor, "set_roles", context, asTarget(target));
  const changed = await deps.store.setMemberRole(roomId, userId, role);
  if (!changed) throw memberNotFound();
  if (changed.role !== target.membership.role) {
    await recordAudit(deps, { roomId, actorId: actor.id, action: "role_change", targetId: userId, details: { role } });
    deps.events.publish("member_updated", { room_id: roomId, user_id: userId, role, timed_out_until: null }, { to: "room", roomId });
    await tellTheirView(deps, roomId, userId, "room_updated");
  }
  return memberDto(deps, roomId, userId);
}

/** Leaves a room or group conversation oneself, or (moderators) removes a member of a lower role from a private room. */
export async function removeMember(deps: ChatDeps, actor: Actor, roomId: number, userId: number): Promise<void> {
  const view = await requireRoomView(deps.store, actor, roomId);
  const context = contextOf(view);
  if (userId === actor.id) return leave(deps, actor, view);
  const target = await requireTarget(deps, roomId, userId);
  if (!target.membership) throw memberNotFound();
  requireActionOn(actor, "manage_members", context, asTarget(target));
  if (view.room.kind !== "private") throw new ChatError("forbidden", "kick_public_room");
  if (!(await deps.store.removeMember(roomId, userId))) throw memberNotFound();
  await recordAudit(deps, { roomId, actorId: actor.id, action: "kick", targetId: userId });
  cutOff(deps, roomId, userId, true);
}

async function leave(deps: ChatDeps, actor: Actor, view: RoomView): Promise<void> {
  const roomId = view.room.id;
  requireAccess(actor, "leave", contextOf(view));
  if (!(await deps.store.removeMember(roomId, actor.id))) throw memberNotFound();
  await recordAudit(deps, { roomId, actorId: actor.id, action: "leave", targetId: actor.id });
  if (view.room.kind === "public") {
    // A public room stays readable: leaving only gives up the membership (and any role it carried).
    deps.events.publish("member_left", { room_id: roomId, user_id: actor.id }, { to: "room", roomId });
    await tellTheirView(deps, roomId, actor.id, "room_updated");
    return;
  }
  cutOff(deps, roomId, actor.id, true);
  if (view.room.kind === "direct") await announceRoom(deps, "room_updated", view.room);
}

/** Bans someone of a lower role from the room: they lose it at once and cannot read, join or be invited until unbanned. */
export async function banMember(deps: ChatDeps, actor: Actor, roomId: number, input: unknown): Promise<void> {
  const { user_id: userId, reason } = parseInput(banSchema, input);
  const view = await requireRoomView(deps.store, actor, roomId);
  const target = await requireTarget(deps, roomId, userId);
  requireActionOn(actor, "manage_members", contextOf(view), asTarget(target));
  if (!(await deps.store.ban(roomId, userId, actor.id, reason))) return;
  await recordAudit(deps, { roomId, actorId: actor.id, action: "ban", targetId: userId, reason });
  cutOff(deps, roomId, userId, target.membership !== null);
}

export async function unbanMember(deps: ChatDeps, actor: Actor, roomId: number, userId: number): Promise<void> {
  const view = await requireRoomView(deps.store, actor, roomId);
  requireAccess(actor, "manage_members", contextOf(view));
  if (!(await deps.store.unban(roomId, userId))) throw new ChatError("not_found", "ban_not_found");
  await recordAudit(deps, { roomId, actorId: actor.id, action: "unban", targetId: userId });
  // A public room is theirs to read again.
  if (view.room.kind === "public") await tellTheirView(deps, roomId, userId, "room_created");
}

export async function listBans(deps: Pick<ChatDeps, "store">, viewer: Viewer, roomId: number) {
  const view = await requireRoomView(deps.store, viewer, roomId);
  requireAccess(viewer, "manage_members", contextOf(view));
  const bans = await deps.store.listBans(roomId);
  return { bans: bans.map((ban) => ({ user: { id: ban.userId, username: ban.username }, reason: ban.reason, created_at: ban.createdAt.toISOString() })) };
}

/**
 * Times a member of a lower role out for 60 s to 7 days (`seconds`), or ends a timeout (null): until then they
 * may read but not send, react or type. The room hears `member_updated`; they get their new permissions.
 */
export async function timeoutMember(deps: ChatDeps, actor: Actor, roomId: number, input: unknown): Promise<MemberDto> {
  const { user_id: userId, seconds, reason } = parseInput(timeoutSchema, input);
  return applyTimeout(deps, actor, roomId, userId, new Date(Date.now() + seconds * 1000), reason, seconds);
}

export async function endTimeout(deps: ChatDeps, actor: Actor, roomId: number, userId: number): Promise<MemberDto> {
  return applyTimeout(deps, actor, roomId, userId, null, "", 0);
}

async function applyTimeout(deps: ChatDeps, actor: Actor, roomId: number, userId: number, until: Date | null, reason: string, seconds: number): Promise<MemberDto> {
  const view = await requireRoomView(deps.store, actor, roomId);
  const target = await requireTarget(deps, roomId, userId);
  if (!target.membership) throw memberNotFound();
  requireActionOn(actor, "manage_members", contextOf(view), asTarget(target));
  const changed = await deps.store.setTimedOutUntil(roomId, userId, until);
  if (!changed) throw memberNotFound();
  await recordAudit(deps, {
    roomId,
    actorId: actor.id,
    action: "timeout",
    targetId: userId,
    reason,
    details: { seconds, until: until?.toISOString() ?? null },
  });
  deps.events.publish(
    "member_updated",
    { room_id: roomId, user_id: userId, role: changed.role, timed_out_until: until?.toISOString() ?? null },
    { to: "room", roomId },
  );
  await tellTheirView(deps, roomId, userId, "room_updated");
  return memberDto(deps, roomId, userId);
}
