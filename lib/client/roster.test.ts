import { describe, expect, test } from "vitest";
import type { MemberDto } from "@/lib/chat/dto";
import { memberActions, rosterOf, rosterView, withMember, withMemberChange, withoutMember, type RosterView } from "./roster";
import { ME, MEMBER_PERMISSIONS, OTHERS, member, room } from "./testing/fixtures";

const [BORIS = ME, VERA = ME] = OTHERS;
const GLEB = { id: 4, username: "глеб", city: "Омск" };

const names = (view: RosterView) => view.groups.map((group) => [group.role, group.entries.map((e) => `${e.member.username}${e.online ? "+" : "-"}`)]);

describe("the member list as shown", () => {
  test("a private room lists every member by role, online first, then by name; present means online", () => {
    const list = rosterOf({
      room_id: 10,
      members: [member(VERA), member(ME, { role: "owner", online: true }), member(GLEB, { role: "moderator" }), member(BORIS)],
      others: 0,
    });
    const view = rosterView({ kind: "private" }, list, [ME, VERA]);
    expect(names(view)).toEqual([
      ["owner", ["аня+"]],
      ["moderator", ["глеб-"]],
      ["member", ["вера+", "борис-"]],
    ]);
    expect(view).toMatchObject({ others: 0, online: 2 });
  });

  test("a public room lists who is here and its owner and moderators, and counts the rest", () => {
    const list = rosterOf({ room_id: 10, members: [member(BORIS, { role: "owner" }), member(VERA, { online: true })], others: 5 });
    expect(list.total).toBe(7);
    // Вера left the room since the list was loaded, and Глеб came in: he is counted among the seven already.
    const view = rosterView({ kind: "public" }, list, [ME, GLEB]);
    expect(names(view)).toEqual([
      ["owner", ["борис-"]],
      ["member", ["аня+", "глеб+"]],
    ]);
    expect(view.others).toBe(4);
  });

  test("before the list arrives, or when it could not be loaded, the people present are shown", () => {
    expect(names(rosterView({ kind: "public" }, undefined, [BORIS, ME]))).toEqual([["member", ["аня+", "борис+"]]]);
    expect(rosterView({ kind: "public" }, undefined, undefined)).toEqual({ groups: [], others: 0, online: 0 });
  });
});

describe("member events keep the list", () => {
  const base = rosterOf({ room_id: 10, members: [member(ME, { role: "owner" })], others: 2 });

  test("a newcomer is added and counted once, however often the event comes", () => {
    const once = withMember(base, member(BORIS));
    expect(withMember(once, member(BORIS, { online: true }))).toEqual({ ...once, members: [member(ME, { role: "owner" }), member(BORIS, { online: true })] });
    expect(once.total).toBe(4);
  });

  test("one who left is dropped and no longer counted; a role or a timeout changes in place", () => {
    const withBoris = withMember(base, member(BORIS));
    expect(withoutMember(withBoris, BORIS.id)).toEqual(base);
    const changed = withMemberChange(withBoris, { userId: BORIS.id, role: "moderator", timedOutUntil: "2030-01-01T00:00:00.000Z" });
    expect(changed.members[1]).toMatchObject({ role: "moderator", timed_out_until: "2030-01-01T00:00:00.000Z" });
    expect(withMemberChange(base, { userId: VERA.id, role: "moderator", timedOutUntil: null })).toBe(base);
  });

  test("a change to someone here whom the list did not name adds them, without counting them twice", () => {
    const until = "2030-01-01T00:00:00.000Z";
    const changed = withMemberChange(base, { userId: VERA.id, role: "member", timedOutUntil: until }, [ME, VERA]);
    expect(changed.members.at(-1)).toMatchObject({ id: VERA.id, username: VERA.username, timed_out_until: until, online: true });
    expect(changed.total).toBe(base.total);
  });
});

describe("what may be done to a member", () => {
  const NOW = Date.parse("2026-06-01T12:00:00Z");
  const target = (over: Partial<MemberDto> = {}) => member(BORIS, over);
  const privateOwned = room(10, { kind: "private" });
  const moderating = room(10, {
    kind: "private",
    my_role: "moderator",
    permissions: { ...MEMBER_PERMISSIONS, invite: true, manage_members: true, moderate: true, audit: true },
  });

  test("the owner of a private room: roles, ownership, timeout, kick and ban", () => {
    expect(memberActions(privateOwned, target(), ME.id, NOW)).toEqual(["make_moderator", "transfer", "timeout", "kick", "ban"]);
    expect(memberActions(privateOwned, target({ role: "moderator" }), ME.id, NOW)).toEqual(["remove_moderator", "transfer", "timeout", "kick", "ban"]);
  });

  test("a timed-out member can have the timeout taken back; one whose timeout ended gets a new one", () => {
    expect(memberActions(privateOwned, target({ timed_out_until: "2026-06-01T12:05:00Z" }), ME.id, NOW)).toContain("remove_timeout");
    expect(memberActions(privateOwned, target({ timed_out_until: "2026-06-01T11:55:00Z" }), ME.id, NOW)).toContain("timeout");
  });

  test("a public room has no kick: leaving it does not close it", () => {
    expect(memberActions(room(10), target(), ME.id, NOW)).toEqual(["make_moderator", "transfer", "timeout", "ban"]);
  });

  test("a moderator acts on members only, never on another moderator, the owner or themselves", () => {
    expect(memberActions(moderating, target(), ME.id, NOW)).toEqual(["timeout", "kick", "ban"]);
    expect(memberActions(moderating, target({ role: "moderator" }), ME.id, NOW)).toEqual([]);
    expect(memberActions(moderating, target({ role: "owner" }), ME.id, NOW)).toEqual([]);
    expect(memberActions(moderating, member(ME, { role: "moderator" }), ME.id, NOW)).toEqual([]);
  });

  test("a plain member, and everyone in a conversation, has nothing to do to others", () => {
    expect(memberActions(room(10, { my_role: "member", permissions: MEMBER_PERMISSIONS }), target(), ME.id, NOW)).toEqual([]);
    expect(memberActions(room(10, { kind: "direct", my_role: "member", permissions: MEMBER_PERMISSIONS }), target(), ME.id, NOW)).toEqual([]);
  });

  test("a site admin in a public room, with no role there, moderates even its moderators, but never its owner", () => {
    const admin = room(10, { my_role: null, permissions: { ...MEMBER_PERMISSIONS, manage_members: true, moderate: true, leave: false } });
    expect(memberActions(admin, target({ role: "moderator" }), ME.id, NOW)).toEqual(["timeout", "ban"]);
    expect(memberActions(admin, target({ role: "owner" }), ME.id, NOW)).toEqual([]);
  });

  test("a site admin changes roles in a public room but is not offered its ownership: only the owner hands it over", () => {
    const admin = room(10, { my_role: null, permissions: { ...MEMBER_PERMISSIONS, set_roles: true, manage_members: true, moderate: true, leave: false } });
    expect(memberActions(admin, target(), ME.id, NOW)).toEqual(["make_moderator", "timeout", "ban"]);
  });
});
