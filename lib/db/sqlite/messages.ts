import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Message, MessageStore } from "../types";
import { messages, rooms, users } from "./schema";
import { columns, isForeignKeyViolation, type SqliteHandle } from "./shared";

export function sqliteMessages({ sqlite, db }: SqliteHandle): MessageStore {
  const selectMessages = () => db.select(columns.message).from(messages).innerJoin(users, eq(users.id, messages.userId));
  const placeholder = sql.placeholder;

  // The statements every send, history page and handshake runs, built and prepared once: drizzle's
  // query building and SQLite's prepare were a tenth of the server's CPU per send in the profile.
  const prepared = {
    messageById: selectMessages().where(eq(messages.id, placeholder("id"))).prepare(),
    // The message is written only while its session lives, in the same statement: a deactivation or a
    // sign-out committed by any process stops the next send without a lookup of its own.
    // SQLite has one writer at a time, so the room's next version can be read in the insert itself.
    insertMessage: sqlite.prepare<{ roomId: number; userId: number; content: string; clientId: string | null; sessionId: string; now: number }, { id: number }>(
      `insert into messages (room_id, user_id, content, client_id, version)
       select :roomId, :userId, :content, :clientId,
         (select coalesce(max(version), 0) + 1 from messages where room_id = :roomId)
       where exists (
         select 1 from sessions join users on users.id = sessions.user_id
         where sessions.id = :sessionId and sessions.user_id = :userId and sessions.expires_at > :now and users.is_active
       )
       on conflict do nothing
       returning id`,
    ),
    messageByClientId: db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.userId, placeholder("userId")), eq(messages.clientId, placeholder("clientId"))))
      .prepare(),
    roomExists: db.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, placeholder("id"))).prepare(),
    latestPage: selectMessages()
      .where(eq(messages.roomId, placeholder("roomId")))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    pageBefore: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), lt(messages.id, placeholder("before"))))
      .orderBy(desc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    pageAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    changedAfter: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gt(messages.version, placeholder("changedAfter"))))
      .orderBy(asc(messages.version))
      .limit(placeholder("limit"))
      .prepare(),
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
  };
  const messageById = (id: number): Message | null => prepared.messageById.get({ id }) ?? null;
  const storedMessage = (id: number): Message => {
    const message = messageById(id);
    if (!message) throw new Error(`message ${id} vanished inside its own transaction`);
    return message;
  };

  return {
    async insertMessage(message) {
      return db.transaction(() => {
        let inserted: { id: number } | undefined;
        try {
          inserted = prepared.insertMessage.get({ ...message, now: Date.now() });
        } catch (err) {
          // SQLite does not say which reference failed; only a missing room is the caller's answer.
          if (isForeignKeyViolation(err) && !prepared.roomExists.get({ id: message.roomId })) return { status: "no_room" } as const;
          throw err;
        }
        if (inserted) return { status: "stored", message: storedMessage(inserted.id), created: true } as const;
        const existing =
          message.clientId === null ? undefined : prepared.messageByClientId.get({ userId: message.userId, clientId: message.clientId });
        // Nothing conflicted, so the session check refused it: retries of what was stored before still get their ack.
        if (!existing) return { status: "session_ended" } as const;
        return { status: "stored", message: storedMessage(existing.id), created: false } as const;
      });
    },

    async getMessage(id) {
      return messageById(id);
    },

    async listMessages({ roomId, limit, before, after, changedAfter }) {
      if (changedAfter !== undefined) return prepared.changedAfter.all({ roomId, changedAfter, limit });
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.all({ roomId, after, limit })
          : prepared.pageBetween.all({ roomId, after, before, limit });
      }
      const page = before === undefined ? prepared.latestPage.all({ roomId, limit }) : prepared.pageBefore.all({ roomId, before, limit });
      return page.reverse();
    },
  };
}
