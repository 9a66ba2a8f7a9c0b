import { expect, test } from "vitest";
import { dayKey, formatDay, formatFull, formatStamp, formatTime } from "./format";

// The fast project runs in Europe/Berlin (vitest.config.ts); these instants are chosen around its midnights.

test("the project's time zone is in force, or nothing below means anything", () => {
  expect(new Date("2026-01-15T12:00:00Z").getTimezoneOffset()).toBe(-60);
  expect(new Date("2026-07-15T12:00:00Z").getTimezoneOffset()).toBe(-120);
});

test("times are 24-hour and local", () => {
  expect(formatTime(new Date("2026-01-15T13:05:00Z"))).toBe("14:05");
  expect(formatTime(new Date("2026-07-15T07:09:00Z"))).toBe("09:09");
});

test.each([
  ["the same local day", "2026-01-15T08:00:00Z", "2026-01-15T22:59:00Z", "Сегодня в 09:00"],
  ["yesterday, though less than an hour ago", "2026-01-14T22:30:00Z", "2026-01-14T23:10:00Z", "Вчера в 23:30"],
  ["today, though UTC still says yesterday", "2026-01-14T23:30:00Z", "2026-01-15T00:10:00Z", "Сегодня в 00:30"],
  ["two days ago, by date", "2026-01-13T10:00:00Z", "2026-01-15T10:00:00Z", "13.01.2026 11:00"],
  ["yesterday across the 23-hour day of March", "2026-03-28T12:00:00Z", "2026-03-29T21:00:00Z", "Вчера в 13:00"],
  ["yesterday across the 25-hour day of October", "2026-10-24T12:00:00Z", "2026-10-25T22:30:00Z", "Вчера в 14:00"],
])("stamp: %s", (_, at, now, expected) => {
  expect(formatStamp(new Date(at), new Date(now))).toBe(expected);
});

test.each([
  ["2026-01-15T08:00:00Z", "2026-01-15T20:00:00Z", "Сегодня"],
  ["2026-03-28T23:30:00Z", "2026-03-29T21:00:00Z", "Сегодня"],
  ["2026-03-28T12:00:00Z", "2026-03-29T21:00:00Z", "Вчера"],
  ["2025-12-31T12:00:00Z", "2026-01-15T20:00:00Z", "31 декабря 2025 г."],
])("day separator for %s seen at %s: %s", (at, now, expected) => {
  expect(formatDay(new Date(at), new Date(now))).toBe(expected);
});

test("a day key changes at local midnight, not at UTC midnight", () => {
  expect(dayKey(new Date("2026-01-14T23:30:00Z"))).toBe(dayKey(new Date("2026-01-15T12:00:00Z")));
  expect(dayKey(new Date("2026-01-14T22:30:00Z"))).not.toBe(dayKey(new Date("2026-01-14T23:30:00Z")));
});

test("the full form names the weekday", () => {
  expect(formatFull(new Date("2026-01-15T13:05:00Z"))).toBe("четверг, 15 января 2026 г. в 14:05");
});
