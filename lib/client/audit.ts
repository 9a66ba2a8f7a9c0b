import type { AuditEntryDto } from "@/lib/chat/dto";
import { durationParts } from "./durations";

type EntryKey = `members.audit.entry.${AuditEntryDto["action"] | "timeout_removed"}`;

/** The catalogue's words an audit entry needs; next-intl's translator of the whole catalogue fits. */
export type AuditWords = (key: EntryKey | "members.audit.someone" | "members.duration_for", values?: Record<string, string | number>) => string;

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** One line of the audit log as a sentence: who did what to whom («anna делает boris модератором»). */
export function auditSentence(entry: AuditEntryDto, t: AuditWords): string {
  const someone = t("members.audit.someone");
  const names = { actor: entry.actor?.username ?? someone, target: entry.target?.username ?? someone };
  const { details } = entry;
  switch (entry.action) {
    case "timeout": {
      // A timeout taken back is logged as a timeout of no length.
      const seconds = typeof details.seconds === "number" ? details.seconds : 0;
      if (seconds <= 0) return t("members.audit.entry.timeout_removed", names);
      return t("members.audit.entry.timeout", { ...names, duration: t("members.duration_for", durationParts(seconds)) });
    }
    case "role_change":
      return t("members.audit.entry.role_change", { ...names, role: text(details.role) });
    case "visibility_change":
      return t("members.audit.entry.visibility_change", { ...names, visibility: text(details.visibility) });
    default:
      return t(`members.audit.entry.${entry.action}`, names);
  }
}
