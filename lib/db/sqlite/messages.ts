import { and, asc, desc, eq, gt, gte, lt, sql } from "drizzle-orm";
import { REPLY_PREVIEW_LENGTH, type Message, type MessageStore, type ReactionCount, type ReplyPreview } from "../types";
import { messages, rooms, users } from "./schema";
import { senderMaySend } from "../send-rule";
import { columns, isForeignKeyViolation, type SqliteHandle } from "./shared";

const SENDER_MAY_SEND = senderMaySend({ roomId: ":roomId", userId: ":userId", now: ":now" });

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
    insertMessage: sqlite.prepare<
      { roomId: number; userId: number; content: string; clientId: string | null; replyToId: number | null; sessionId: string; now: number },
      { id: number }
    >(
      `insert into messages (room_id, user_id, content, client_id, reply_to_id, version)
       select :roomId, :userId, :content, :clientId, :replyToId,
         (select coalesce(max(version), 0) + 1 from messages where room_id = :roomId)
       where exists (
         select 1 from sessions join users on users.id = sessions.user_id
         where sessions.id = :sessionId and sessions.user_id = :userId and sessions.expires_at > :now and users.is_active
       )
       and ${SENDER_MAY_SEND}
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
    pageFrom: selectMessages()
      .where(and(eq(messages.roomId, placeholder("roomId")), gte(messages.id, placeholder("from"))))
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
    // Changes take the room's next version in the statement itself: SQLite has one writer at a time.
    editMessage: sqlite.prepare<{ id: number; roomId: number; content: string; at: number }, { id: number }>(
      `update messages set content = :content, edited_at = :at,
         version = (select max(version) + 1 from messages where room_id = :roomId)
       where id = :id and room_id = :roomId and deleted_at is null
       returning id`,
    ),
    deleteMessage: sqlite.prepare<{ id: number; roomId: number; at: number }, { id: number }>(
      `update messages set content = '', deleted_at = :at,
         version = (select max(version) + 1 from messages where room_id = :roomId)
       where id = :id and room_id = :roomId and deleted_at is null
       returning id`,
    ),
    bumpVersion: sqlite.prepare<{ id: number; roomId: number }, { version: number }>(
      `update messages set version = (select max(version) + 1 from messages where room_id = :roomId)
       where id = :id returning version`,
    ),
    liveMessage: sqlite.prepare<{ id: number; roomId: number }, { id: number }>(
      "select id from messages where id = :id and room_id = :roomId and deleted_at is null",
    ),
    reactionsOf: sqlite.prepare<{ messageId: number; emoji: string }, { distinct: number; mine: number }>(
      `select count(distinct emoji) as "distinct", coalesce(max(emoji = :emoji), 0) as mine from message_reactions where message_id = :messageId`,
    ),
    addReaction: sqlite.prepare<{ messageId: number; userId: number; emoji: string; now: number }>(
      "insert into message_reactions (message_id, user_id, emoji, created_at) values (:messageId, :userId, :emoji, :now) on conflict do nothing",
    ),
    removeReaction: sqlite.prepare<{ messageId: number; userId: number; emoji: string }>(
      "delete from message_reactions where message_id = :messageId and user_id = :userId and emoji = :emoji",
    ),
    dropReactions: sqlite.prepare<{ messageId: number }>("delete from message_reactions where message_id = :messageId"),
    reactors: sqlite.prepare<{ messageId: number; emoji: string; limit: number }, { id: number; username: string }>(
      `select users.id, users.username from message_reactions join users on users.id = message_reactions.user_id
       where message_id = :messageId and emoji = :emoji order by message_reactions.created_at, users.id limit :limit`,
    ),
    pageBetween: selectMessages()
      .where(
        and(eq(messages.roomId, placeholder("roomId")), gt(messages.id, placeholder("after")), lt(messages.id, placeholder("before"))),
      )
      .orderBy(asc(messages.id))
      .limit(placeholder("limit"))
      .prepare(),
  };
  const messageById = (id: number): Message | null => prepared.messageById.get({ id }) ?? null;
  const bumpVersion = (id: number, roomId: number): number => {
    const bumped = prepared.bumpVersion.get({ id, roomId });
    if (!bumped) throw new Error(`message ${id} vanished inside its own transaction`);
    return bumped.version;
  };
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
          inserted = prepared.insertMessage.get({ ...message, replyToId: message.replyToId ?? null, now: Date.now() });
        } catch (err) {
          // SQLite does not say which reference failed; only a room deleted meanwhile is the caller's answer.
          if (isForeignKeyViolation(err) && !prepared.roomExists.get({ id: message.roomId })) return { status: "refused" } as const;
          throw err;
        }
        if (inserted) return { status: "stored", message: storedMessage(inserted.id), created: true } as const;
        const existing =
          message.clientId === null ? undefined : prepared.messageByClientId.get({ userId: message.userId, clientId: message.clientId });
        // Nothing conflicted, so the session or the room refused it: retries of what was stored before still get their ack.
        if (!existing) return { status: "refused" } as const;
        return { status: "stored", message: storedMessage(existing.id), created: false } as const;
      });
    },

    async getMessage(id) {
      return messageById(id);
    },

    async listMessages({ roomId, limit, before, after, changedAfter, around }) {
      if (changedAfter !== undefined) return prepared.changedAfter.all({ roomId, changedAfter, limit });
      if (around !== undefined) {
        const earlier = Math.floor(limit / 2);
        const older = earlier > 0 ? prepared.pageBefore.all({ roomId, before: around, limit: earlier }).reverse() : [];
        return [...older, ...prepared.pageFrom.all({ roomId, from: around, limit: limit - earlier })];
      }
      if (after !== undefined) {
        return before === undefined
          ? prepared.pageAfter.all({ roomId, after, limit })
          : prepared.pageBetween.all({ roomId, after, before, limit });
      }
      const page = before === undefined ? prepared.latestPage.all({ roomId, limit }) : prepared.pageBefore.all({ roomId, before, limit });
      return page.reverse();
    },

    async viewMessages(page, viewerId) {
      const replyIds = [...new Set(page.flatMap((message) => (message.replyToId === null ? [] : [message.replyToId])))];
      const previews = new Map<number, ReplyPreview>();
      if (replyIds.length > 0) {
        const rows = sqlite
          .prepare<number[], { id: number; username: string; content: string; deleted: number }>(
            `select messages.id, users.username, substr(messages.content, 1, ${REPLY_PREVIEW_LENGTH}) as content,
               messages.deleted_at is not null as deleted
             from messages join users on users.id = messages.user_id
             where messages.id in (${replyIds.map(() => "?").join(", ")})`,
          )
          .all(...replyIds);
        for (const row of rows) previews.set(row.id, { ...row, deleted: Boolean(row.deleted) });
      }
      const reactions = new Map<number, ReactionCount[]>();
      const ids = page.map((message) => message.id);
      if (ids.length > 0) {
        const rows = sqlite
          .prepare<unknown[], { messageId: number; emoji: string; count: number; me: number }>(
            `select message_id as messageId, emoji, count(*) as count, coalesce(max(user_id = ?), 0) as me
             from message_reactions where message_id in (${ids.map(() => "?").join(", ")})
             group by message_id, emoji order by message_id, min(created_at), emoji`,
          )
          .all(viewerId ?? 0, ...ids);
        for (const { messageId, emoji, count, me } of rows) {
          reactions.set(messageId, [...(reactions.get(messageId) ?? []), { emoji, count, me: Boolean(me) }]);
        }
      }
      return page.map((message) => ({
        ...message,
        replyTo: message.replyToId === null ? null : (previews.get(message.replyToId) ?? null),
        reactions: reactions.get(message.id) ?? [],
      }));
    },

    async editMessage({ id, roomId, content, at }) {
      return db.transaction(() => {
        const edited = prepared.editMessage.get({ id, roomId, content, at: at.getTime() });
        return edited ? storedMessage(edited.id) : null;
      });
    },

    async deleteMessage({ id, roomId, at }) {
      return db.transaction(() => {
        const deleted = prepared.deleteMessage.get({ id, roomId, at: at.getTime() });
        if (!deleted) return null;
        prepared.dropReactions.run({ messageId: id });
        return storedMessage(deleted.id);
      });
    },

    async addReaction({ messageId, roomId, userId, emoji }, maxDistinct) {
      return db.transaction(() => {
        if (!prepared.liveMessage.get({ id: messageId, roomId })) return { status: "no_message" } as const;
        const present = prepared.reactionsOf.get({ messageId, emoji });
        if (present && !present.mine && present.distinct >= maxDistinct) return { status: "too_many" } as const;
        if (prepared.addReaction.run({ messageId, userId, emoji, now: Date.now() }).changes === 0) return { status: "unchanged" } as const;
        return { status: "changed", version: bumpVersion(messageId, roomId) } as const;
      });
    },

    async removeReaction({ messageId, roomId, userId, emoji }) {
      return db.transaction(() => {
        if (!prepared.liveMessage.get({ id: messageId, roomId })) return { status: "no_message" } as const;
        if (prepared.removeReaction.run({ messageId, userId, emoji }).changes === 0) return { status: "unchanged" } as const;
        return { status: "changed", version: bumpVersion(messageId, roomId) } as const;
      });
    },

    async listReactors(messageId, emoji, limit) {
      return prepared.reactors.all({ messageId, emoji, limit });
    },
  };
}
