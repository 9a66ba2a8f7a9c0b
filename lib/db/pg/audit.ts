import { and, desc, eq, lt } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { AuditStore } from "../types";
import { roomAudit, users } from "./schema";
import { guarded, type PgHandle } from "./shared";

const actors = alias(users, "actors");
const targets = alias(users, "targets");

export function pgAudit({ db }: PgHandle): AuditStore {
  return {
    insertAudit: guarded(async (entry) => {
      await db.insert(roomAudit).values({ ...entry, details: JSON.stringify(entry.details) });
    }),

    listAudit: guarded(async (roomId, { before, limit }) => {
      const rows = await db
        .select({
          id: roomAudit.id,
          roomId: roomAudit.roomId,
          actorId: roomAudit.actorId,
          actorName: actors.username,
          action: roomAudit.action,
          targetId: roomAudit.targetId,
          targetName: targets.username,
          reason: roomAudit.reason,
          details: roomAudit.details,
          createdAt: roomAudit.createdAt,
        })
        .from(roomAudit)
        .leftJoin(actors, eq(actors.id, roomAudit.actorId))
        .leftJoin(targets, eq(targets.id, roomAudit.targetId))
        .where(and(eq(roomAudit.roomId, roomId), before === undefined ? undefined : lt(roomAudit.id, before)))
        .orderBy(desc(roomAudit.id))
        .limit(limit);
      return rows.map((row) => ({ ...row, action: row.action as never, details: JSON.parse(row.details) as Record<string, unknown> }));
    }),
  };
}
