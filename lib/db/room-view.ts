import { sql, type Column } from "drizzle-orm";

interface ViewTables<RoomColumns, Role extends Column, TimedOutUntil extends Column> {
  roomColumns: RoomColumns;
  rooms: { id: Column; kind: Column; isGroup: Column };
  roomMembers: { role: Role; timedOutUntil: TimedOutUntil };
}

/**
 * What a RoomView selects, in either dialect, from a query over `rooms` that left-joins the viewer's
 * membership: every fact lib/chat/access.ts reads, so deciding what the viewer may do costs no query of
 * its own. The subqueries use the primary keys of room_bans, users and user_blocks, and messages' (room_id, id).
 */
export function roomViewColumns<RoomColumns, Role extends Column, TimedOutUntil extends Column>(
  { roomColumns, rooms, roomMembers }: ViewTables<RoomColumns, Role, TimedOutUntil>,
  viewerId: number,
) {
  return {
    room: roomColumns,
    role: roomMembers.role,
    timedOutUntil: roomMembers.timedOutUntil,
    banned: sql<boolean>`exists (select 1 from room_bans where room_bans.room_id = ${rooms.id} and room_bans.user_id = ${viewerId})`.mapWith(Boolean),
    siteAdmin: sql<boolean>`exists (select 1 from users where users.id = ${viewerId} and users.role = 'admin')`.mapWith(Boolean),
    blocked: sql<boolean>`(${rooms.kind} = 'direct' and not ${rooms.isGroup} and exists (
      select 1 from room_members other join user_blocks
        on (user_blocks.blocker_id = other.user_id and user_blocks.blocked_id = ${viewerId})
        or (user_blocks.blocker_id = ${viewerId} and user_blocks.blocked_id = other.user_id)
      where other.room_id = ${rooms.id} and other.user_id <> ${viewerId}))`.mapWith(Boolean),
    lastMessageId: sql<number | null>`(select max(id) from messages where messages.room_id = ${rooms.id})`.mapWith(Number),
  };
}
