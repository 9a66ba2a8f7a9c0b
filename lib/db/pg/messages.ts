import { and, asc, desc, eq, getTableName, gt, lt, sql, type Column } from "drizzle-orm";
import type { Message, MessageStore } from "../types";
import { messages, users } from "./schema";
import { columns, first, guarded, isMissingRoom, type PgHandle } from "./shared";

/** The first key of the two-key advisory lock that orders message inserts within a room. */
const ROOM_INSERT_LOCK = 0x6d7367;

/**
 * The send statement is raw SQL (drizzle cannot build its CTE), so its column lists are derived from the
 * Message fields of publicColumns: a column added there reaches the send's answer too, and a field from a
 * table the statement does not join fails at start rather than going missing.
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
      Object.fromEntries(fields.map(([field, column]) => [field, column.mapFromDriverValue(row[field])])) as unknown as Message,
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
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare("page_between"),
  };
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
        with room_lock as (select pg_advisory_xact_lock(${ROOM_INSERT_LOCK}::int, ${message.roomId}::int)),
        inserted as (
          insert into messages (room_id, user_id, content, client_id, version)
          select ${message.roomId}::int, ${message.userId}::int, ${message.content}::text, ${message.clientId ?? null}::text,
            nextval('message_versions') from room_lock
          where exists (
            select 1 from sessions join users on users.id = sessions.user_id
            where sessions.id = ${message.sessionId}::text and sessions.user_id = ${message.userId}::int
              and sessions.expires_at > now() and users.is_active
          )
          on conflict (user_id, client_id) do nothing
          returning ${client.unsafe(SENT_ROW.returning)}
        )
        select ${client.unsafe(SENT_ROW.select)}
        from inserted join users on users.id = inserted.user_id`.catch((err: unknown) => {
        if (isMissingRoom(err)) return null;
        throw err;
      });
      if (!rows) return { status: "no_room" } as const;
      const [inserted] = rows;
      if (inserted) return { status: "stored", message: SENT_ROW.toMessage(inserted), created: true } as const;
      // The conflicting insert has committed (ON CONFLICT waits for it), so the row is visible now.
      const [existing] =
        message.clientId === null ? [] : await prepared.messageByClientId.execute({ userId: message.userId, clientId: message.clientId });
      // Nothing conflicted, so the session check refused it: retries of what was stored before still get their ack.
      if (!existing) return { status: "session_ended" } as const;
      return { status: "stored", message: await storedMessage(existing.id), created: false } as const;
    }),

    getMessage: guarded(async (id) => first(await prepared.messageById.execute({ id }))),

    listMessages: guarded(async ({ roomId, limit, before, after, changedAfter }) => {
      if (changedAfter !== undefined) return prepared.changedAfter.execute({ roomId, changedAfter, limit });
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.execute({ roomId, after, limit })
          : prepared.pageBetween.execute({ roomId, after, before, limit });
      }
      const page =
        before === undefined ? await prepared.latestPage.execute({ roomId, limit }) : await prepared.pageBefore.execute({ roomId, before, limit });
      return page.reverse();
    }),
  };
}
