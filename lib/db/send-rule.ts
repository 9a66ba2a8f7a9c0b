/**
 * lib/chat/access.ts's `send` rule, as the predicate a send's insert carries in both dialects, so a send
 * that goes through costs one statement: the room exists; it is public or the sender is a member; they
 * are not banned there nor timed out; and in a one-to-one conversation neither person blocked the other.
 * When it refuses, the use case reads the room view and lets access.ts say why.
 * The arguments are each dialect's spelling of its parameters (`:roomId` for SQLite, `$1::int` for PostgreSQL).
 */
export function senderMaySend({ roomId, userId, now }: { roomId: string; userId: string; now: string }): string {
  return `exists (
    select 1 from rooms
    left join room_members on room_members.room_id = rooms.id and room_members.user_id = ${userId}
    where rooms.id = ${roomId}
      and (rooms.kind = 'public' or room_members.user_id is not null)
      and (room_members.timed_out_until is null or room_members.timed_out_until <= ${now})
      and not exists (select 1 from room_bans where room_bans.room_id = rooms.id and room_bans.user_id = ${userId})
      and not (rooms.kind = 'direct' and not rooms.is_group and exists (
        select 1 from room_members other join user_blocks
          on (user_blocks.blocker_id = other.user_id and user_blocks.blocked_id = ${userId})
          or (user_blocks.blocker_id = ${userId} and user_blocks.blocked_id = other.user_id)
        where other.room_id = rooms.id and other.user_id <> ${userId}))
  )`;
}
