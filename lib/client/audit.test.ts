import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import type { AuditEntryDto } from "@/lib/chat/dto";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import { auditSentence } from "./audit";
import { durationParts, TIMEOUT_CHOICES } from "./durations";

const reader = (locale: "ru" | "en") => createTranslator({ locale, messages: CATALOGUE[locale] });

const entry = (action: AuditEntryDto["action"], over: Partial<AuditEntryDto> = {}): AuditEntryDto => ({
  id: 1,
  room_id: 10,
  action,
  actor: { id: 1, username: "аня" },
  target: { id: 2, username: "борис" },
  reason: "",
  details: {},
  created_at: "2026-06-01T12:00:00.000Z",
  ...over,
});

describe("an audit entry is a sentence in the reader's language", () => {
  test("who did what to whom", () => {
    expect(auditSentence(entry("kick"), reader("ru"))).toBe("аня исключает борис");
    expect(auditSentence(entry("ban"), reader("en"))).toBe("аня banned борис");
    expect(auditSentence(entry("leave", { actor: { id: 2, username: "борис" } }), reader("ru"))).toBe("борис покидает комнату");
  });

  test("a timeout names its length in the largest whole unit, and one of no length was taken back", () => {
    expect(auditSentence(entry("timeout", { details: { seconds: 300 } }), reader("ru"))).toBe("аня выдаёт тайм-аут борис на 5 минут");
    expect(auditSentence(entry("timeout", { details: { seconds: 604_800 } }), reader("ru"))).toBe("аня выдаёт тайм-аут борис на 1 неделю");
    expect(auditSentence(entry("timeout", { details: { seconds: 86_400 } }), reader("en"))).toBe("аня timed out борис for 1 day");
    expect(auditSentence(entry("timeout", { details: { seconds: 0 } }), reader("en"))).toBe("аня removed the timeout of борис");
  });

  test("a role change and a change of visibility say which way", () => {
    expect(auditSentence(entry("role_change", { details: { role: "moderator" } }), reader("ru"))).toBe("аня делает борис модератором");
    expect(auditSentence(entry("role_change", { details: { role: "member" } }), reader("en"))).toBe("аня removed борис as moderator");
    expect(auditSentence(entry("visibility_change", { target: null, details: { visibility: "private" } }), reader("ru"))).toBe(
      "аня делает комнату приватной",
    );
  });

  test("an account since deleted is «someone»", () => {
    expect(auditSentence(entry("invite", { actor: null }), reader("ru"))).toBe("кто-то приглашает борис");
  });
});

test("the timeout choices are Discord's, each named in one unit", () => {
  expect(TIMEOUT_CHOICES.map((seconds) => reader("ru")("members.duration", durationParts(seconds)))).toEqual([
    "1 минута",
    "5 минут",
    "10 минут",
    "1 час",
    "1 день",
    "1 неделя",
  ]);
  expect(durationParts(90)).toEqual({ unit: "second", count: 90 });
});
