import { and, asc, desc, eq, getTableName, gt, gte, lt, sql, type Column } from "drizzle-orm";
import { REPLY_PREVIEW_LENGTH, type Message, type MessageStore, type ReactionCount, type ReplyPreview } from "../types";
import { messageReactions, messages, users } from "./schema";
import { senderMaySend } from "../send-rule";
import { columns, first, guarded, isMissingRoom, type PgHandle } from "./shared";

/** The first key of the two-key advisory lock that orders message inserts within a room. */
const ROOM_INSERT_LOCK = 0x6d7367;

// The statement's own parameters can't be referenced twice by name in postgres.js's tagged template, so the
// send rule reads them back from the row being inserted ($ placeholders would be renumbered).
const SENDER_MAY_SEND = senderMaySend({ roomId: "room_lock.room_id", userId: "room_lock.user_id", now: "now()" });

/**
 * The send statement is raw SQL (drizzle cannot build its CTE), so its column lists are derived from the
 * Message fields of publicColumns: a column added there reaches the send's answer too, and a field from a
 * table the statement does not join fails at start rather than going missing. Edits and deletions answer
 * through the same lists, from a CTE named `inserted` as the send's is.
 */
const SENT_ROW = (() => {
  const fields: [string, Column][] = Object.entries(columns.message);
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  const sourceOf = (field: string, column: Column) => {
    if (column.table === messages) return "inserted";
    if (column.table === users) return "users";
    throw new Error(`Message field ${field} comes from ${getTableName(column.table)}, which the send statement does not join`);
  };
  return {
    returning: fields
      .filter(([, column]) => column.table === messages)
      .map(([, column]) => quote(column.name))
      .join(", "),
    select: fields.map(([field, column]) => `${sourceOf(field, column)}.${quote(column.name)} as ${quote(field)}`).join(", "),
    /** drizzle has postgres.js hand bigints and timestamps over as text; each column maps its own, as drizzle's selects do. */
    toMessage: (row: Record<string, unknown>) =>
      // The keys are exactly publicColumns' Message fields, which are Message's.
      Object.fromEntries(
        // As drizzle's own selects do, a null is passed as it is (a bigint column would map it to 0).
        fields.map(([field, column]) => [field, row[field] === null ? null : column.mapFromDriverValue(row[field])]),
      ) as unknown as Message,
  };
})();

export function pgMessages({ client, db }: PgHandle): MessageStore {
  const selectMessages = () => db.select(columns.message).from(messages).innerJoin(users, eq(users.id, messages.userId));
  const placeholder = sql.placeholder;

  // The statements every send, history page and handshake runs, built once. Named, they also become
  // server-side prepared statements on each pooled connection (drizzle sends unnamed ones otherwise,
  // which PostgreSQL parses and plans on every call).
  const prepared = {
    messageById: selectMessages().where(eq(messages.id, placeholder("id"))).prepare("message_by_id"),
    messageByClientId: db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.userId, placeholder("userId")), eq(messages.clientId, placeholder("clientId"))))
      .prepare("message_by_client_id"),
    latestPage: selectMessages()
      .where(eq(messages.roomId, placeholder("roomId")))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare("latest_page"),
    pageBefore: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), lt(messages.id, placeholder("before"))))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_before"),
    pageAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_after"),
    changedAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.version, placeholder("changedAfter"))))
      .orderBy(asc(messages.version))
      .limit(placeholder("limit"))
      .prepare("changed_after"),
    pageFrom: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gte(messages.id, placeholder("from"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_from"),
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_between"),
  };
  type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0];

  /**
   * For a change that reads other rows (how many emoji a message carries, which reactions to drop): the room's
   * lock in its own statement first, since a statement's snapshot predates a lock it takes itself; the change
   * is then one statement whose snapshot follows the lock, and its version becomes visible in order.
   */
  const inRoomOrder = <T>(roomId: number, change: (tx: Transaction) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${ROOM_INSERT_LOCK}::int, ${roomId}::int)`);
      return change(tx);
    });

  const storedMessage = async (id: number): Promise<Message> => {
    const message = first(await prepared.messageById.execute({ id }));
    if (!message) throw new Error(`message ${id} vanished after it was written`);
    return message;
  };

  return {
    insertMessage: guarded(async (message) => {
      // Sequence values are taken at insert but become visible at commit, so without the lock a reader
      // could see id 11 before id 10 commits and page past it with after=11. One writer per room at a
      // time makes ids visible in order, which is what keyset catch-up relies on. The lock is taken in
      // the insert's own statement (its implicit transaction holds it until commit), and the same
      // statement returns the row with its author: one round trip for a send.
      // The row is written only while the sender's session lives, checked in the same statement: a
      // deactivation or sign-out committed by any process stops the next send without a lookup of its own.
      const rows = await client<Record<string, unknown>[]>`
        with room_lock as (
          select pg_advisory_xact_lock(${ROOM_INSERT_LOCK}::int, ${message.roomId}::int), ${message.roomId}::int as room_id, ${message.userId}::int as user_id
        ),
        inserted as (
          insert into messages (room_id, user_id, content, client_id, reply_to_id, version)
          select ${message.roomId}::int, ${message.userId}::int, ${message.content}::text, ${message.clientId ?? null}::text,
            ${message.replyToId ?? null}::bigint, nextval('message_versions') from room_lock
          where exists (
            select 1 from sessions join users on users.id = sessions.user_id
            where sessions.id = ${message.sessionId}::text and sessions.user_id = ${message.userId}::int
              and sessions.expires_at > now() and users.is_active
          )
          and ${client.unsafe(SENDER_MAY_SEND)}
          on conflict (user_id, client_id) do nothing
          returning ${client.unsafe(SENT_ROW.returning)}
        )
        select ${client.unsafe(SENT_ROW.select)}
        from inserted join users on users.id = inserted.user_id`.catch((err: unknown) => {
        if (isMissingRoom(err)) return null;
        throw err;
      });
      if (!rows) return { status: "refused" } as const;
      const [inserted] = rows;
      if (inserted) return { status: "stored", message: SENT_ROW.toMessage(inserted), created: true } as const;
      // The conflicting insert has committed (ON CONFLICT waits for it), so the row is visible now.
      const [existing] =
        message.clientId === null ? [] : await prepared.messageByClientId.execute({ userId: message.userId, clientId: message.clientId });
      // Nothing conflicted, so the session or the room refused it: retries of what was stored before still get their ack.
      if (!existing) return { status: "refused" } as const;
      return { status: "stored", message: await storedMessage(existing.id), created: false } as const;
    }),

    getMessage: guarded(async (id) => first(await prepared.messageById.execute({ id }))),

    listMessages: guarded(async ({ roomId, limit, before, after, changedAfter, around }) => {
      if (changedAfter !== undefined) return prepared.changedAfter.execute({ roomId, changedAfter, limit });
      if (around !== undefined) {
        const earlier = Math.floor(limit / 2);
        const older = earlier > 0 ? (await prepared.pageBefore.execute({ roomId, before: around, limit: earlier })).reverse() : [];
        return [...older, ...(await prepared.pageFrom.execute({ roomId, from: around, limit: limit - earlier }))];
      }
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.execute({ roomId, after, limit })
          : prepared.pageBetween.execute({ roomId, after, before, limit });
      }
      const page =
        before === undefined ? await prepared.latestPage.execute({ roomId, limit }) : await prepared.pageBefore.execute({ roomId, before, limit });
      return page.reverse();
    }),

    viewMessages: guarded(async (page, viewerId) => {
      const replyIds = [...new Set(page.flatMap((message) => (message.replyToId === null ? [] : [message.replyToId])))];
      const previews = new Map<number, ReplyPreview>();
      if (replyIds.length > 0) {
        const rows = await client<{ id: string; username: string; content: string; deleted: boolean }[]>`
          select messages.id, users.username, left(messages.content, ${REPLY_PREVIEW_LENGTH}::int) as content,
            messages.deleted_at is not null as deleted
          from messages join users on users.id = messages.user_id
          where messages.id = any(${replyIds}::bigint[])`;
        for (const row of rows) previews.set(Number(row.id), { ...row, id: Number(row.id) });
      }
      const reactions = new Map<number, ReactionCount[]>();
      const ids = page.map((message) => message.id);
      if (ids.length > 0) {
        const rows = await client<{ message_id: string; emoji: string; count: number; me: boolean }[]>`
          select message_id, emoji, count(*)::int as count, coalesce(bool_or(user_id = ${viewerId ?? 0}::int), false) as me
          from message_reactions where message_id = any(${ids}::bigint[])
          group by message_id, emoji order by message_id, min(created_at), emoji`;
        for (const { message_id, emoji, count, me } of rows) {
          const messageId = Number(message_id);
          reactions.set(messageId, [...(reactions.get(messageId) ?? []), { emoji, count, me }]);
        }
      }
      return page.map((message) => ({
        ...message,
        replyTo: message.replyToId === null ? null : (previews.get(message.replyToId) ?? null),
        reactions: reactions.get(message.id) ?? [],
      }));
    }),

    // One statement, as a send: the lock comes from the CTE the update joins, so the version is taken after it
    // (and the row, if changed meanwhile, is re-read then); the implicit transaction holds it until commit.
    editMessage: guarded(async ({ id, roomId, content, at }) => {
      const [edited] = await client<Record<string, unknown>[]>`
        with room_lock as (select pg_advisory_xact_lock(${ROOM_INSERT_LOCK}::int, ${roomId}::int)),
        inserted as (
          update messages set content = ${content}::text, edited_at = ${at.toISOString()}::timestamptz, version = nextval('message_versions')
          from room_lock
          where messages.id = ${id}::bigint and messages.room_id = ${roomId}::int and messages.deleted_at is null
          returning ${client.unsafe(SENT_ROW.returning)}
        )
        select ${client.unsafe(SENT_ROW.select)} from inserted join users on users.id = inserted.user_id`;
      return edited ? SENT_ROW.toMessage(edited) : null;
    }),

    // Deleting also drops the reactions, which must see every reaction committed before the lock: so the lock
    // is its own statement, and the rest one statement after it.
    deleteMessage: guarded(({ id, roomId, at }) =>
      inRoomOrder(roomId, async (tx) => {
        const [deleted] = await tx.execute<Record<string, unknown>>(sql`
          with inserted as (
            update messages set content = '', deleted_at = ${at.toISOString()}::timestamptz, version = nextval('message_versions')
            where id = ${id} and room_id = ${roomId} and deleted_at is null
            returning ${sql.raw(SENT_ROW.returning)}
          ),
          dropped as (delete from message_reactions where message_id = ${id} and exists (select 1 from inserted))
          select ${sql.raw(SENT_ROW.select)} from inserted join users on users.id = inserted.user_id`);
        return deleted ? SENT_ROW.toMessage(deleted) : null;
      }),
    ),

    // The distinct-emoji count must see every reaction committed before the lock, so the lock is its own
    // statement; the check, the insert and the version bump are one statement after it.
    addReaction: guarded(({ messageId, roomId, userId, emoji }, maxDistinct) =>
      inRoomOrder(roomId, async (tx) => {
        const [outcome] = await tx.execute<{ live: number; distinct: number; present: boolean; version: string | null }>(sql`
          with live as (select id from messages where id = ${messageId} and room_id = ${roomId} and deleted_at is null),
          carried as (
            select count(distinct emoji)::int as "distinct", coalesce(bool_or(emoji = ${emoji}), false) as present
            from message_reactions where message_id = ${messageId}
          ),
          added as (
            insert into message_reactions (message_id, user_id, emoji)
            select ${messageId}, ${userId}, ${emoji} from live, carried where carried.present or carried."distinct" < ${maxDistinct}
            on conflict do nothing
            returning message_id
          ),
          bumped as (
            update messages set version = nextval('message_versions') where id = ${messageId} and exists (select 1 from added) returning version
          )
          select (select count(*) from live)::int as live, carried."distinct", carried.present, (select version from bumped) as version
          from carried`);
        if (!outcome?.live) return { status: "no_message" } as const;
        if (outcome.version !== null) return { status: "changed", version: Number(outcome.version) } as const;
        if (!outcome.present && outcome.distinct >= maxDistinct) return { status: "too_many" } as const;
        return { status: "unchanged" } as const;
      }),
    ),

    removeReaction: guarded(({ messageId, roomId, userId, emoji }) =>
      inRoomOrder(roomId, async (tx) => {
        const [outcome] = await tx.execute<{ live: number; version: string | null }>(sql`
          with live as (select id from messages where id = ${messageId} and room_id = ${roomId} and deleted_at is null),
          removed as (
            delete from message_reactions
            where message_id = ${messageId} and user_id = ${userId} and emoji = ${emoji} and exists (select 1 from live)
            returning message_id
          ),
          bumped as (
            update messages set version = nextval('message_versions') where id = ${messageId} and exists (select 1 from removed) returning version
          )
          select (select count(*) from live)::int as live, (select version from bumped) as version`);
        if (!outcome?.live) return { status: "no_message" } as const;
        return outcome.version === null ? ({ status: "unchanged" } as const) : ({ status: "changed", version: Number(outcome.version) } as const);
      }),
    ),

    listReactors: guarded(async (messageId, emoji, limit) =>
      db
        .select({ id: users.id, username: users.username })
        .from(messageReactions)
        .innerJoin(users, eq(users.id, messageReactions.userId))
        .where(and(eq(messageReactions.messageId, messageId), eq(messageReactions.emoji, emoji)))
        .orderBy(asc(messageReactions.createdAt), asc(users.id))
        .limit(limit),
    ),
  };
}
