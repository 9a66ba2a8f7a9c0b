import type { RoomKind, RoomRole } from "../db/types";

// The browser imports this file too (to keep its moderation menus to what the server allows), so it holds
// nothing server-only: lib/chat/access.ts decides with these ranks, and the browser only mirrors them.

/** member < moderator < owner < site admin (in public rooms only). Nobody acts on their equal or better. */
export const ROLE_RANK: Record<RoomRole | "site_admin", number> = { member: 0, moderator: 1, owner: 2, site_admin: 3 };
/** Someone with no place in the room: below every member. */
const NO_RANK = -1;

/** Where someone stands in a room: their role's rank, raised to a site admin's in a public room. */
export function rankOf(role: RoomRole | null, siteAdmin: boolean, kind: RoomKind): number {
  const own = role ? ROLE_RANK[role] : NO_RANK;
  return siteAdmin && kind === "public" ? Math.max(own, ROLE_RANK.site_admin) : own;
}

/** Only the room's owner hands it over; a site admin moderates a public room but does not own it. */
export const mayHandOver = (role: RoomRole | null) => role === "owner";
