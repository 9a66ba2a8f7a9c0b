import type { NewAuditEntry } from "../db/types";
import { parseInput } from "../validation";
import { contextOf, requireAccess, type Viewer } from "./access";
import { toAuditEntryDto, type AuditEntryDto } from "./dto";
import type { ChatDeps } from "./events";
import { requireRoomView } from "./rooms";
import { auditQuerySchema } from "./schemas";

/** Records one moderation or membership action; the use case that takes the action writes it. */
export function recordAudit(deps: Pick<ChatDeps, "store">, entry: Omit<NewAuditEntry, "reason" | "details"> & Partial<Pick<NewAuditEntry, "reason" | "details">>): Promise<void> {
  return deps.store.insertAudit({ reason: "", details: {}, ...entry });
}

/** A page of the room's audit log, newest first: for its owner and moderators, and site admins in public rooms. */
export async function listAudit(deps: Pick<ChatDeps, "store">, viewer: Viewer, roomId: number, query: Record<string, string | undefined>): Promise<{ entries: AuditEntryDto[] }> {
  const page = parseInput(auditQuerySchema, query);
  const view = await requireRoomView(deps.store, viewer, roomId);
  requireAccess(viewer, "view_audit", contextOf(view));
  return { entries: (await deps.store.listAudit(roomId, page)).map(toAuditEntryDto) };
}
