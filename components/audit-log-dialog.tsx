"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import type { AuditEntryDto, RoomDto } from "@/lib/chat/dto";
import { fetchAudit } from "@/lib/client/api";
import { auditSentence } from "@/lib/client/audit";
import { formatFull, formatStamp } from "@/lib/client/format";
import { ModalDialog } from "./modal-dialog";

const PAGE = 50;

/** The room's audit log, newest first, a page at a time: each entry a sentence, its reason, and when. */
export function AuditLogDialog({ room, onClose }: { room: RoomDto | null; onClose: () => void }) {
  const t = useTranslations("members.audit");
  return (
    <ModalDialog open={room !== null} onClose={onClose} title={t("title")}>
      {room ? <AuditEntries key={room.id} roomId={room.id} /> : null}
    </ModalDialog>
  );
}

function AuditEntries({ roomId }: { roomId: number }) {
  const t = useTranslations();
  const locale = useLocale();
  const [entries, setEntries] = useState<AuditEntryDto[]>([]);
  const [state, setState] = useState<"loading" | "more" | "complete" | { error: string }>("loading");

  const show = useCallback((page: Awaited<ReturnType<typeof fetchAudit>>) => {
    if (!page.ok) return setState({ error: page.error });
    setEntries((shown) => [...shown, ...page.data.entries.filter((entry) => !shown.some((s) => s.id === entry.id))]);
    setState(page.data.entries.length < PAGE ? "complete" : "more");
  }, []);

  useEffect(() => {
    void fetchAudit(roomId, { limit: PAGE }).then(show);
  }, [roomId, show]);

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
              <time dateTime={entry.created_at} title={formatFull(at, locale)} className="mt-0.5 block text-xs text-muted">
                {formatStamp(at, locale)}
              </time>
            </li>
          );
        })}
      </ol>
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
