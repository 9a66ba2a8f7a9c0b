import { describe, expect, it } from "vitest";
import type { RoomKind, RoomRole } from "../db/types";
import { isChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import { can, permissionsOf, requireAccess, requireActionOn, requireMessageAccess, type AccessContext, type AccessRoom, type RoomAction } from "./access";

const viewer = { id: 7 };
const roomOf = (kind: RoomKind, extra: Partial<AccessRoom> = {}): AccessRoom => ({ id: 2, isDefault: false, name: "Флуд", kind, isGroup: false, ...extra });
const defaultRoom: AccessRoom = { id: 1, isDefault: true, name: "Общий чат", kind: "public", isGroup: false };
const ROOMS: AccessRoom[] = [defaultRoom, roomOf("public"), roomOf("private"), roomOf("direct"), roomOf("direct", { isGroup: true, name: "" })];

type Role = RoomRole | "none";
const ROLES: Role[] = ["none", "member", "moderator", "owner"];
const contextOf = (room: AccessRoom, role: Role, extra: Partial<AccessContext> = {}): AccessContext => ({
  room,
  membership: role === "none" ? null : { role, timedOutUntil: null },
  ...extra,
});

const rank = (role: Role) => ROLES.indexOf(role) - 1;
const isRoom = (room: AccessRoom) => room.kind !== "direct";
const readable = (room: AccessRoom, role: Role) => room.kind === "public" || role !== "none";

/**
 * The table written out by hand rather than derived from access.ts, so a changed rule shows up as a
 * failing row here and not as a silently different app. Direct conversations have no owners or
 * moderators (everyone in one is a member), so rows with those roles there describe nothing real.
 */
const ALLOWED: Record<RoomAction, (role: Role, room: AccessRoom) => boolean> = {
  read: (role, room) => readable(room, role),
  join: (role, room) => readable(room, role),
  send: (role, room) => readable(room, role),
  manage_room: (role, room) => isRoom(room) && role === "owner",
  delete_room: (role, room) => isRoom(room) && role === "owner" && !room.isDefault,
  invite: (role, room) => (room.kind === "private" && rank(role) >= 1) || (room.kind === "direct" && room.isGroup && role !== "none"),
  manage_members: (role, room) => isRoom(room) && readable(room, role) && rank(role) >= 1,
  moderate_messages: (role, room) => isRoom(room) && readable(room, role) && rank(role) >= 1,
  set_roles: (role, room) => isRoom(room) && role === "owner",
  leave: (role, room) => role !== "none" && role !== "owner" && (room.kind !== "direct" || room.isGroup),
  view_audit: (role, room) => isRoom(room) && readable(room, role) && rank(role) >= 1,
};

const REFUSAL: Partial<Record<RoomAction, ErrorKey>> = {
  manage_room: "cannot_manage_room",
  delete_room: "cannot_delete_room",
  invite: "cannot_manage_members",
  manage_members: "cannot_manage_members",
  moderate_messages: "cannot_moderate_messages",
  set_roles: "cannot_set_roles",
  leave: "cannot_leave",
  view_audit: "cannot_manage_members",
};

const ACTIONS = Object.keys(ALLOWED) as RoomAction[];
const rows = ACTIONS.flatMap((action) =>
  ROLES.flatMap((role) => ROOMS.map((room) => ({ action, role, room, kind: `${room.kind}${room.isGroup ? " group" : ""}${room.isDefault ? " default" : ""}`, allowed: ALLOWED[action](role, room) }))),
);

function thrownBy(run: () => void): unknown {
  try {
    run();
    return null;
  } catch (err) {
    return err;
  }
}

describe("the access table", () => {
  it.each(rows)("$action by $role in a $kind room: allowed=$allowed", ({ action, role, room, allowed }) => {
    const context = contextOf(room, role);

    expect(can(viewer, action, context)).toBe(allowed);

    const err = thrownBy(() => requireAccess(viewer, action, context));
    if (allowed) {
      expect(err).toBeNull();
      return;
    }
    // A room the actor may not read does not exist for them; a readable one refuses with a reason.
    if (!readable(room, role)) {
      expect(err).toMatchObject({ code: "not_found", key: "room_not_found" });
      return;
    }
    expect(isChatError(err) && err.code).toBe("forbidden");
    if (action === "delete_room" && room.isDefault) expect(err).toMatchObject({ key: "room_not_deletable" });
    else expect(isChatError(err) ? err.key : null).toBe(REFUSAL[action]);
  });

  it.each(ROLES.flatMap((role) => ROOMS.map((room) => ({ role, room }))))("permissionsOf for $role in a $room.kind room follows can()", ({ role, room }) => {
    const context = contextOf(room, role);
    expect(permissionsOf(viewer, context)).toEqual({
      send: can(viewer, "send", context),
      manage: can(viewer, "manage_room", context),
      delete: can(viewer, "delete_room", context),
      invite: can(viewer, "invite", context),
      manage_members: can(viewer, "manage_members", context),
      moderate: can(viewer, "moderate_messages", context),
      set_roles: can(viewer, "set_roles", context),
      leave: can(viewer, "leave", context),
      audit: can(viewer, "view_audit", context),
    });
  });
});

describe("bans, timeouts, blocks and site admins", () => {
  it("a banned person reads nothing of the room, public or private: it does not exist for them", () => {
    for (const room of [roomOf("public"), roomOf("private")]) {
      for (const action of ACTIONS) expect(can(viewer, action, contextOf(room, "none", { banned: true }))).toBe(false);
      expect(thrownBy(() => requireAccess(viewer, "join", contextOf(room, "none", { banned: true })))).toMatchObject({ code: "not_found" });
    }
  });

  it("a timeout stops sending until it ends, and says until when; reading goes on", () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const until = new Date("2026-11-26T12:05:00Z");
    const context = { ...contextOf(roomOf("private"), "member"), membership: { role: "member" as const, timedOutUntil: until }, now };

    expect(can(viewer, "read", context)).toBe(true);
    expect(can(viewer, "send", context)).toBe(false);
    expect(thrownBy(() => requireAccess(viewer, "send", context))).toMatchObject({ code: "forbidden", key: "timed_out", values: { until: until.getTime() } });
    expect(can(viewer, "send", { ...context, now: new Date("2026-11-26T12:05:01Z") })).toBe(true);
  });

  it("a block closes a one-to-one conversation for writing, not for reading", () => {
    const context = contextOf(roomOf("direct"), "member", { blocked: true });
    expect(can(viewer, "read", context)).toBe(true);
    expect(thrownBy(() => requireAccess(viewer, "send", context))).toMatchObject({ code: "forbidden", key: "blocked_conversation" });
  });

  it("a site admin moderates every public room, and no private room or conversation they are not in", () => {
    expect(permissionsOf(viewer, contextOf(roomOf("public"), "none", { siteAdmin: true }))).toMatchObject({
      manage: true,
      delete: true,
      manage_members: true,
      moderate: true,
      audit: true,
    });
    expect(can(viewer, "read", contextOf(roomOf("private"), "none", { siteAdmin: true }))).toBe(false);
    expect(can(viewer, "read", contextOf(roomOf("direct"), "none", { siteAdmin: true }))).toBe(false);
    expect(can(viewer, "moderate_messages", contextOf(roomOf("private"), "member", { siteAdmin: true }))).toBe(false);
  });
});

describe("acting on another person", () => {
  const target = (role: RoomRole | null, siteAdmin = false) => ({ userId: 9, role, siteAdmin });
  const refusedOn = (role: Role, on: ReturnType<typeof target>, action: "manage_members" | "moderate_messages" | "set_roles" = "manage_members", extra = {}) =>
    thrownBy(() => requireActionOn(viewer, action, contextOf(roomOf("private"), role, extra), on));

  it("moderators act on members only; owners on moderators and members; nobody on their equal or better", () => {
    expect(refusedOn("moderator", target("member"))).toBeNull();
    expect(refusedOn("moderator", target(null))).toBeNull();
    expect(refusedOn("moderator", target("moderator"))).toMatchObject({ code: "forbidden", key: "cannot_act_on_higher_role" });
    expect(refusedOn("moderator", target("owner"))).toMatchObject({ key: "cannot_act_on_higher_role" });
    expect(refusedOn("owner", target("moderator"))).toBeNull();
    expect(refusedOn("member", target("member"))).toMatchObject({ key: "cannot_manage_members" });
  });

  it("nobody acts on themselves, and the owner is never kicked, banned or timed out", () => {
    expect(thrownBy(() => requireActionOn(viewer, "manage_members", contextOf(roomOf("private"), "owner"), { userId: viewer.id, role: "owner", siteAdmin: false }))).toMatchObject({
      key: "cannot_act_on_higher_role",
    });
    expect(
      thrownBy(() => requireActionOn(viewer, "manage_members", contextOf(roomOf("public"), "none", { siteAdmin: true }), target("owner"))),
    ).toMatchObject({ key: "cannot_act_on_higher_role" });
  });

  it("a site admin outranks a public room's owner for messages, and is outranked by nobody there", () => {
    expect(thrownBy(() => requireActionOn(viewer, "moderate_messages", contextOf(roomOf("public"), "none", { siteAdmin: true }), target("owner")))).toBeNull();
    expect(thrownBy(() => requireActionOn(viewer, "manage_members", contextOf(roomOf("public"), "owner"), target(null, true)))).toMatchObject({
      key: "cannot_act_on_higher_role",
    });
  });
});

describe("message rules", () => {
  const message = { userId: 9, createdAt: new Date(), deletedAt: null };
  const rules = { editWindowSeconds: 0 };

  it("a moderator deletes a member's message but not the owner's; nobody edits another's", () => {
    const moderator = contextOf(roomOf("private"), "moderator");
    expect(thrownBy(() => requireMessageAccess(viewer, "delete_message", { context: moderator, message, author: { userId: 9, role: "member", siteAdmin: false } }, rules))).toBeNull();
    expect(
      thrownBy(() => requireMessageAccess(viewer, "delete_message", { context: moderator, message, author: { userId: 9, role: "owner", siteAdmin: false } }, rules)),
    ).toMatchObject({ key: "cannot_act_on_higher_role" });
    expect(thrownBy(() => requireMessageAccess(viewer, "edit_message", { context: contextOf(roomOf("private"), "owner"), message }, rules))).toMatchObject({
      key: "cannot_edit_message",
    });
  });

  it("a timed-out member may not react or edit, and an outsider learns nothing of a private room's message", () => {
    const own = { ...message, userId: viewer.id };
    const timedOut = { ...contextOf(roomOf("private"), "member"), membership: { role: "member" as const, timedOutUntil: new Date(Date.now() + 60_000) } };
    expect(thrownBy(() => requireMessageAccess(viewer, "react", { context: timedOut, message }, rules))).toMatchObject({ key: "timed_out" });
    expect(thrownBy(() => requireMessageAccess(viewer, "edit_message", { context: timedOut, message: own }, rules))).toMatchObject({ key: "timed_out" });
    expect(thrownBy(() => requireMessageAccess(viewer, "react", { context: contextOf(roomOf("private"), "none"), message }, rules))).toMatchObject({
      code: "not_found",
      key: "message_not_found",
    });
  });
});
