import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Message, MessageStore } from "../types";
import { messages, users } from "./schema";
import { columns, first, guarded, isMissingRoom, type PgHandle } from "./shared";

/** The first key of the two-key advisory lock that orders message inserts within a room. */
const ROOM_INSERT_LOCK = 0x6d7367;

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
      // statement returns the row with its author: one round trip for a send. The column aliases are
      // the Message fields of types.ts; drizzle has postgres.js hand bigints and timestamps over as text.
      // The row is written only while the sender's session lives, checked in the same statement: a
      // deactivation or sign-out committed by any process stops the next send without a lookup of its own.
      const rows = await client<(Omit<Message, "id" | "createdAt" | "version"> & { id: string; createdAt: string; version: string })[]>`
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
          returning id, room_id, user_id, content, created_at, client_id, version
        )
        select inserted.id, inserted.room_id as "roomId", inserted.user_id as "userId", inserted.content,
          inserted.created_at as "createdAt", inserted.client_id as "clientId", inserted.version, users.username, users.city as "userCity"
        from inserted join users on users.id = inserted.user_id`.catch((err: unknown) => {
        if (isMissingRoom(err)) return null;
        throw err;
      });
      if (!rows) return { status: "no_room" } as const;
      const [inserted] = rows;
      if (inserted) {
        const message = { ...inserted, id: Number(inserted.id), version: Number(inserted.version), createdAt: new Date(inserted.createdAt) };
        return { status: "stored", message, created: true } as const;
      }
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
