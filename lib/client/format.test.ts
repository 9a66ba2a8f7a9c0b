import { describe, expect, test } from "vitest";
import { dayKey, formatDay, formatFull, formatStamp, formatTime, formatUntil, formatZoneTime } from "./format";

// The fast project runs in Europe/Berlin (vitest.config.ts); these instants are chosen around its midnights.
// Newer ICU data puts a narrow no-break space (U+202F) before AM and PM, older a plain one: either reads the same.
const spaced = (text: string) => text.replace(/\u202F/g, " ");

test("the project's time zone is in force, or nothing below means anything", () => {
  expect(new Date("2026-01-15T12:00:00Z").getTimezoneOffset()).toBe(-60);
  expect(new Date("2026-07-15T12:00:00Z").getTimezoneOffset()).toBe(-120);
});

test("times are local, on a 24-hour clock in Russian and a 12-hour one in English", () => {
  expect(formatTime(new Date("2026-01-15T13:05:00Z"), "ru")).toBe("14:05");
  expect(formatTime(new Date("2026-07-15T07:09:00Z"), "ru")).toBe("09:09");
  expect(spaced(formatTime(new Date("2026-01-15T13:05:00Z"), "en"))).toBe("2:05 PM");
  expect(spaced(formatTime(new Date("2026-07-15T07:09:00Z"), "en"))).toBe("9:09 AM");
});

test.each([
  ["the same local day", "2026-01-15T08:00:00Z", "2026-01-15T22:59:00Z", "Сегодня в 09:00", "Today at 9:00 AM"],
  ["yesterday, though less than an hour ago", "2026-01-14T22:30:00Z", "2026-01-14T23:10:00Z", "Вчера в 23:30", "Yesterday at 11:30 PM"],
  ["today, though UTC still says yesterday", "2026-01-14T23:30:00Z", "2026-01-15T00:10:00Z", "Сегодня в 00:30", "Today at 12:30 AM"],
  ["two days ago, by date", "2026-01-13T10:00:00Z", "2026-01-15T10:00:00Z", "13.01.2026 11:00", "01/13/2026 11:00 AM"],
  ["yesterday across the 23-hour day of March", "2026-03-28T12:00:00Z", "2026-03-29T21:00:00Z", "Вчера в 13:00", "Yesterday at 1:00 PM"],
  ["yesterday across the 25-hour day of October", "2026-10-24T12:00:00Z", "2026-10-25T22:30:00Z", "Вчера в 14:00", "Yesterday at 2:00 PM"],
])("stamp: %s", (_, at, now, russian, english) => {
  expect(formatStamp(new Date(at), "ru", new Date(now))).toBe(russian);
  expect(spaced(formatStamp(new Date(at), "en", new Date(now)))).toBe(english);
});

test.each([
  ["2026-01-15T08:00:00Z", "2026-01-15T20:00:00Z", "Сегодня", "Today"],
  ["2026-03-28T23:30:00Z", "2026-03-29T21:00:00Z", "Сегодня", "Today"],
  ["2026-03-28T12:00:00Z", "2026-03-29T21:00:00Z", "Вчера", "Yesterday"],
  ["2025-12-31T12:00:00Z", "2026-01-15T20:00:00Z", "31 декабря 2025 г.", "December 31, 2025"],
])("day separator for %s seen at %s: %s, %s", (at, now, russian, english) => {
  expect(formatDay(new Date(at), "ru", new Date(now))).toBe(russian);
  expect(formatDay(new Date(at), "en", new Date(now))).toBe(english);
});

test("a day key changes at local midnight, not at UTC midnight", () => {
  expect(dayKey(new Date("2026-01-14T23:30:00Z"))).toBe(dayKey(new Date("2026-01-15T12:00:00Z")));
  expect(dayKey(new Date("2026-01-14T22:30:00Z"))).not.toBe(dayKey(new Date("2026-01-14T23:30:00Z")));
});

test("the full form names the weekday", () => {
  expect(formatFull(new Date("2026-01-15T13:05:00Z"), "ru")).toBe("четверг, 15 января 2026 г. в 14:05");
  expect(spaced(formatFull(new Date("2026-01-15T13:05:00Z"), "en"))).toBe("Thursday, January 15, 2026 at 2:05 PM");
});

describe("times elsewhere and ends ahead", () => {
  const at = new Date("2026-06-01T12:05:00Z");

  test("the time in a person's city is on the reader's clock; a zone the browser does not know gives nothing", () => {
    expect(formatZoneTime(at, "ru", "Asia/Novosibirsk")).toBe("19:05");
    expect(spaced(formatZoneTime(at, "en", "America/New_York") ?? "")).toBe("8:05 AM");
    expect(formatZoneTime(at, "ru", "Mars/Olympus_Mons")).toBeNull();
  });

  test("an end today is its time; a later one names its day", () => {
    const now = new Date("2026-06-01T09:00:00+02:00");
    expect(formatUntil(new Date("2026-06-01T18:30:00+02:00"), "ru", now)).toBe("18:30");
    expect(formatUntil(new Date("2026-06-03T18:30:00+02:00"), "ru", now)).toBe("3 июня в 18:30");
    expect(spaced(formatUntil(new Date("2026-06-03T18:30:00+02:00"), "en", now))).toBe("June 3 at 6:30 PM");
  });
});
