import { describe, expect, it } from "vitest";
import type { RoomRole } from "../db/types";
import { isChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import { can, permissionsOf, requireAccess, type AccessMembership, type AccessRoom, type RoomAction } from "./access";

const viewer = { id: 7 };
const defaultRoom: AccessRoom = { id: 1, isDefault: true, name: "Общий чат" };
const otherRoom: AccessRoom = { id: 2, isDefault: false, name: "Флуд" };

type Role = RoomRole | "none";
const ROLES: Role[] = ["none", "member", "moderator", "owner"];
const membershipOf = (role: Role): AccessMembership => (role === "none" ? null : { role });

/**
 * The table written out by hand rather than derived from access.ts, so a changed rule shows up as a
 * failing row here and not as a silently different app.
 */
const ALLOWED: Record<RoomAction, (role: Role, isDefault: boolean) => boolean> = {
  read: () => true,
  join: () => true,
  send: () => true,
  manage_room: (role) => role === "owner",
  delete_room: (role, isDefault) => role === "owner" && !isDefault,
  manage_members: (role) => role === "owner" || role === "moderator",
  moderate_messages: (role) => role === "owner" || role === "moderator",
};

/** Who the refusal names, so the person refused learns whom to ask. */
const REFUSAL: Partial<Record<RoomAction, ErrorKey>> = {
  manage_room: "cannot_manage_room",
  delete_room: "cannot_delete_room",
  manage_members: "cannot_manage_members",
  moderate_messages: "cannot_moderate_messages",
};

const ACTIONS = Object.keys(ALLOWED) as RoomAction[];
const rows = ACTIONS.flatMap((action) =>
  ROLES.flatMap((role) => [defaultRoom, otherRoom].map((room) => ({ action, role, room, allowed: ALLOWED[action](role, room.isDefault) }))),
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
  it.each(rows)("$action by $role in room $room.name: allowed=$allowed", ({ action, role, room, allowed }) => {
    const membership = membershipOf(role);

    expect(can(viewer, action, room, membership)).toBe(allowed);

    const err = thrownBy(() => requireAccess(viewer, action, room, membership));
    if (allowed) {
      expect(err).toBeNull();
      return;
    }
    // Every room is readable, so a refusal is forbidden, never not_found.
    expect(isChatError(err) && err.code).toBe("forbidden");
    const key = isChatError(err) ? err.key : null;
    if (action === "delete_room" && room.isDefault) expect(err).toMatchObject({ key: "room_not_deletable", values: { name: room.name } });
    else expect(key).toBe(REFUSAL[action]);
  });

  it.each(ROLES.flatMap((role) => [defaultRoom, otherRoom].map((room) => ({ role, room }))))(
    "permissionsOf for $role in room $room.name follows can()",
    ({ role, room }) => {
      const membership = membershipOf(role);

      expect(permissionsOf(viewer, room, membership)).toEqual({
        send: ALLOWED.send(role, room.isDefault),
        manage: ALLOWED.manage_room(role, room.isDefault),
        delete: ALLOWED.delete_room(role, room.isDefault),
        manage_members: ALLOWED.manage_members(role, room.isDefault),
        moderate: ALLOWED.moderate_messages(role, room.isDefault),
      });
    },
  );
});
