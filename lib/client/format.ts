import { createTranslator } from "use-intl/core";
import { CATALOGUE } from "@/lib/i18n/catalogue";
import type { Locale } from "@/lib/i18n/locale";

interface DateFormats {
  time: Intl.DateTimeFormat;
  day: Intl.DateTimeFormat;
  shortDate: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
  /** «Сегодня», «Вчера в 14:05»: common.json's words for the days near now. */
  words: (key: "today" | "yesterday" | "today_at" | "yesterday_at", values?: { time: string }) => string;
}

// Building an Intl formatter is far slower than using one, and every message row formats its time.
const formatsByLocale = new Map<Locale, DateFormats>();

function formatsOf(locale: Locale): DateFormats {
  let formats = formatsByLocale.get(locale);
  if (!formats) {
    // timeStyle: "short" is each language's own clock: 24-hour «14:05» in Russian, "2:05 PM" in English.
    formats = {
      time: new Intl.DateTimeFormat(locale, { timeStyle: "short" }),
      day: new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric" }),
      shortDate: new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric" }),
      full: new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }),
      words: createTranslator({ locale, messages: CATALOGUE[locale], namespace: "common" }),
    };
    formatsByLocale.set(locale, formats);
  }
  return formats;
}

/** A local calendar day, for comparing two instants in the viewer's timezone. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function daysAgo(date: Date, now: Date): number {
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(now) - start(date)) / 86_400_000);
}

export const formatTime = (date: Date, locale: Locale) => formatsOf(locale).time.format(date);

export const formatFull = (date: Date, locale: Locale) => formatsOf(locale).full.format(date);

/** Discord's message stamp: «Сегодня в 14:05», "Yesterday at 9:12 AM", older days by date. */
export function formatStamp(date: Date, locale: Locale, now: Date = new Date()): string {
  const { words, shortDate } = formatsOf(locale);
  const time = formatTime(date, locale);
  const ago = daysAgo(date, now);
  if (ago === 0) return words("today_at", { time });
  if (ago === 1) return words("yesterday_at", { time });
  return `${shortDate.format(date)} ${time}`;
}

/** The day separator's label. */
export function formatDay(date: Date, locale: Locale, now: Date = new Date()): string {
  const { words, day } = formatsOf(locale);
  const ago = daysAgo(date, now);
  if (ago === 0) return words("today");
  if (ago === 1) return words("yesterday");
  return day.format(date);
}

/** The date alone, as the day separator writes it: «26 ноября 2026 г.», "November 26, 2026". */
export const formatDate = (date: Date, locale: Locale) => formatsOf(locale).day.format(date);

const untilByLocale = new Map<Locale, Intl.DateTimeFormat>();

/** An end still ahead: its time alone when it is today, else its day and time («27 ноября в 14:05»). */
export function formatUntil(date: Date, locale: Locale, now: Date = new Date()): string {
  if (daysAgo(date, now) === 0) return formatTime(date, locale);
  let format = untilByLocale.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", hour: "numeric", minute: "2-digit" });
    untilByLocale.set(locale, format);
  }
  return format.format(date);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The time it is in another time zone, on the reader's clock; null for a zone this browser does not know. */
export function formatZoneTime(date: Date, locale: Locale, timeZone: string): string | null {
  const key = `${locale} ${timeZone}`;
  if (!zoneFormats.has(key)) {
    let format: Intl.DateTimeFormat | null;
    try {
      format = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone });
    } catch {
      format = null;
    }
    zoneFormats.set(key, format);
  }
  return zoneFormats.get(key)?.format(date) ?? null;
}
