"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import type { AuditEntryDto, RoomDto } from "@/lib/chat/dto";
import { fetchAudit, fetchBans, unbanMember } from "@/lib/client/api";
import { auditSentence } from "@/lib/client/audit";
import { formatFull, formatStamp } from "@/lib/client/format";
import { ModalDialog } from "./modal-dialog";

const PAGE = 50;

/**
 * The room's audit log, newest first, a page at a time: each entry a sentence, its reason, and when. A ban still
 * in force can be lifted from its entry, by whoever may ban.
 */
export function AuditLogDialog({ room, onClose }: { room: RoomDto | null; onClose: () => void }) {
  const t = useTranslations("members.audit");
  return (
    <ModalDialog open={room !== null} onClose={onClose} title={t("title")}>
      {room ? <AuditEntries key={room.id} roomId={room.id} canUnban={room.permissions.manage_members} /> : null}
    </ModalDialog>
  );
}

function AuditEntries({ roomId, canUnban }: { roomId: number; canUnban: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const [entries, setEntries] = useState<AuditEntryDto[]>([]);
  const [state, setState] = useState<"loading" | "more" | "complete" | { error: string }>("loading");

  const show = useCallback((page: Awaited<ReturnType<typeof fetchAudit>>) => {
    if (!page.ok) return setState({ error: page.error });
    setEntries((shown) => [...shown, ...page.data.entries.filter((entry) => !shown.some((s) => s.id === entry.id))]);
    setState(page.data.entries.length < PAGE ? "complete" : "more");
  }, []);

  const [banned, setBanned] = useState<ReadonlySet<number>>(new Set());
  const [unbanError, setUnbanError] = useState<string | null>(null);

  useEffect(() => {
    void fetchAudit(roomId, { limit: PAGE }).then(show);
  }, [roomId, show]);

  useEffect(() => {
    if (!canUnban) return;
    void fetchBans(roomId).then((result) => {
      if (result.ok) setBanned(new Set(result.data.bans.map((ban) => ban.user.id)));
    });
  }, [roomId, canUnban]);

  async function unban(userId: number) {
    const result = await unbanMember(roomId, userId);
    if (!result.ok) return setUnbanError(result.error);
    setUnbanError(null);
    setBanned((ids) => new Set([...ids].filter((id) => id !== userId)));
  }

  // Only a person's latest ban offers the way back; older ones are history.
  const latestBans = new Set<number>();
  const seen = new Set<number>();
  for (const entry of entries) {
    if (entry.action !== "ban" || !entry.target || seen.has(entry.target.id)) continue;
    seen.add(entry.target.id);
    latestBans.add(entry.id);
  }

  function loadMore() {
    setState("loading");
    void fetchAudit(roomId, { before: entries.at(-1)?.id, limit: PAGE }).then(show);
  }

  return (
    <div className="-mx-4 max-h-[60dvh] overflow-y-auto px-4 sm:-mx-5 sm:px-5">
      {entries.length === 0 && state === "complete" ? <p className="text-sm text-muted">{t("members.audit.empty")}</p> : null}
      <ol className="divide-y divide-line">
        {entries.map((entry) => {
          const at = new Date(entry.created_at);
          return (
            <li key={entry.id} className="py-2.5 text-sm">
              <p className="text-ink-strong">{auditSentence(entry, t)}</p>
              {entry.reason ? <p className="mt-0.5 break-words text-ink">{t("members.audit.reason", { reason: entry.reason })}</p> : null}
              <div className="mt-0.5 flex items-center justify-between gap-2">
                <time dateTime={entry.created_at} title={formatFull(at, locale)} className="block text-xs text-muted">
                  {formatStamp(at, locale)}
                </time>
                {entry.target && latestBans.has(entry.id) && banned.has(entry.target.id) ? (
                  <button
                    type="button"
                    onClick={() => void unban(entry.target?.id ?? 0)}
                    aria-label={t("members.audit.unban_named", { name: entry.target.username })}
                    className="rounded px-2 py-1 text-xs font-medium text-link hover:bg-line/60 hover:underline max-md:min-h-11"
                  >
                    {t("members.audit.unban")}
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {unbanError ? (
        <p role="alert" className="pt-2 text-sm text-danger">
          {unbanError}
        </p>
      ) : null}
      <div aria-live="polite" className="pt-2">
        {state === "loading" ? (
          <p className="text-sm text-muted">{t("members.audit.loading")}</p>
        ) : state === "more" ? (
          <button
            type="button"
            onClick={loadMore}
            className="h-10 rounded-[3px] px-3 text-sm font-medium text-link hover:bg-line/60 hover:underline max-md:h-11"
          >
            {t("members.audit.load_more")}
          </button>
        ) : typeof state === "object" ? (
          <p role="alert" className="text-sm text-danger">
            {state.error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
