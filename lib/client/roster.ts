import { sortPresence, type MemberDto, type MemberListDto, type PresenceUserDto, type RoomDto } from "@/lib/chat/dto";
import { mayHandOver, rankOf } from "@/lib/chat/ranks";

export type RoomRole = MemberDto["role"];

/**
 * What the browser knows of a room's members: those `GET …/members` listed (and the member events since), and how
 * many members the room has in all. `failed`: the list could not be loaded; the people present are still shown.
 */
export interface Roster {
  members: MemberDto[];
  total: number;
  failed: boolean;
}

export const rosterOf = (list: MemberListDto): Roster => ({ members: list.members, total: list.members.length + list.others, failed: false });

export const FAILED_ROSTER: Roster = { members: [], total: 0, failed: true };

/** Someone present whom the member list did not name (they came in after it was loaded): shown as a member. */
const presentMember = (user: PresenceUserDto): MemberDto => ({ ...user, role: "member", joined_at: "", timed_out_until: null, online: true });

export function withMember(roster: Roster, member: MemberDto): Roster {
  const known = roster.members.some((m) => m.id === member.id);
  return {
    ...roster,
    members: known ? roster.members.map((m) => (m.id === member.id ? member : m)) : [...roster.members, member],
    total: known ? roster.total : roster.total + 1,
  };
}

export function withoutMember(roster: Roster, userId: number): Roster {
  const members = roster.members.filter((m) => m.id !== userId);
  return { ...roster, members, total: Math.max(members.length, roster.total - 1) };
}

/**
 * A member's new role or timeout. Someone the list did not name but who is here (a public room's list was read
 * before they came in) joins it with what the presence list knows of them: a timeout must not be lost.
 */
export function withMemberChange(
  roster: Roster,
  change: { userId: number; role: RoomRole; timedOutUntil: string | null },
  present: PresenceUserDto[] = [],
): Roster {
  if (!roster.members.some((m) => m.id === change.userId)) {
    const here = present.find((user) => user.id === change.userId);
    if (!here) return roster;
    return { ...roster, members: [...roster.members, { ...presentMember(here), role: change.role, timed_out_until: change.timedOutUntil }] };
  }
  return {
    ...roster,
    members: roster.members.map((m) => (m.id === change.userId ? { ...m, role: change.role, timed_out_until: change.timedOutUntil } : m)),
  };
}

/**
 * How far up the reader stands in the room, by the server's ranks (lib/chat/ranks.ts). The room object names
 * their role; a reader without one who may still moderate it is a site admin in a public room.
 */
export function myRank(room: RoomDto): number {
  const siteAdmin = room.my_role === null && (room.permissions.manage_members || room.permissions.moderate);
  return rankOf(room.my_role, siteAdmin, room.kind);
}

/** Whether the reader outranks someone of this role, the one condition for acting on them (a role they hold, or none). */
export const outranks = (room: RoomDto, role: RoomRole | null) => myRank(room) > rankOf(role, false, room.kind);

export const isTimedOut = (member: Pick<MemberDto, "timed_out_until">, now = Date.now()) =>
  member.timed_out_until !== null && Date.parse(member.timed_out_until) > now;

export type MemberActionKey = "make_moderator" | "remove_moderator" | "transfer" | "timeout" | "remove_timeout" | "kick" | "ban";

/**
 * What the reader may do to a member, in the menu's order. The server decides (lib/chat/access.ts); this only keeps
 * the menu to what it would allow: the permission, a target of a lower role, never oneself, never the owner
 * removed or silenced, and kicking only where membership is what lets one read (a private room).
 */
export function memberActions(room: RoomDto, target: MemberDto, myId: number, now = Date.now()): MemberActionKey[] {
  if (target.id === myId || target.role === "owner" || !outranks(room, target.role)) return [];
  const { permissions } = room;
  const actions: MemberActionKey[] = [];
  if (permissions.set_roles) {
    actions.push(target.role === "moderator" ? "remove_moderator" : "make_moderator");
    if (mayHandOver(room.my_role)) actions.push("transfer");
  }
  if (permissions.manage_members) {
    actions.push(isTimedOut(target, now) ? "remove_timeout" : "timeout");
    if (room.kind === "private") actions.push("kick");
    actions.push("ban");
  }
  return actions;
}

export interface RosterEntry {
  member: MemberDto;
  online: boolean;
}

export interface RosterGroup {
  role: RoomRole;
  entries: RosterEntry[];
}

export interface RosterView {
  groups: RosterGroup[];
  /** Members of a public room not listed: neither here nor among its owner and moderators. */
  others: number;
  online: number;
}

const GROUP_ORDER: RoomRole[] = ["owner", "moderator", "member"];

/**
 * The member list as shown: grouped by role (owner, moderators, members), online people first and then by name.
 * Those who have the room open (`present`) are online whatever the list said when it was loaded. A private room
 * or a conversation lists every member; a public room lists who is here and its owner and moderators, and counts
 * the rest, as its list from the server does, kept so as people come and go.
 */
export function rosterView(room: Pick<RoomDto, "kind">, roster: Roster | undefined, present: PresenceUserDto[] | undefined): RosterView {
  const here = new Map((present ?? []).map((user) => [user.id, user]));
  const members = roster?.members ?? [];
  const known = new Set(members.map((m) => m.id));
  const listed =
    room.kind === "public"
      ? [...members.filter((m) => m.role !== "member" || here.has(m.id)), ...[...here.values()].filter((u) => !known.has(u.id)).map(presentMember)]
      : members;
  const entries = listed.map((member) => ({ member, online: here.has(member.id) || member.online }));
  const byName = new Map(sortPresence(entries.map((e) => e.member)).map((m, index) => [m.id, index]));
  const order = (a: RosterEntry, b: RosterEntry) => Number(b.online) - Number(a.online) || (byName.get(a.member.id) ?? 0) - (byName.get(b.member.id) ?? 0);
  const groups = GROUP_ORDER.map((role) => ({ role, entries: entries.filter((e) => e.member.role === role).sort(order) })).filter(
    (group) => group.entries.length > 0,
  );
  // Whoever is here joined the room, so is counted in its total, listed first or not.
  const others = room.kind === "public" ? Math.max(0, (roster?.total ?? 0) - listed.length) : 0;
  return { groups, others, online: entries.filter((e) => e.online).length };
}
