const timeFormat = new Intl.DateTimeFormat("ru-RU", { hour: "2-digit", minute: "2-digit" });
const dateFormat = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric" });
const shortDateFormat = new Intl.DateTimeFormat("ru-RU", { day: "2-digit", month: "2-digit", year: "numeric" });
const fullFormat = new Intl.DateTimeFormat("ru-RU", { dateStyle: "full", timeStyle: "short" });

/** A local calendar day, for comparing two instants in the viewer's timezone. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function daysAgo(date: Date, now: Date): number {
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(now) - start(date)) / 86_400_000);
}

export const formatTime = (date: Date) => timeFormat.format(date);

export const formatFull = (date: Date) => fullFormat.format(date);

/** Discord's message stamp: «Сегодня в 14:05», «Вчера в 09:12», older days by date. */
export function formatStamp(date: Date, now: Date = new Date()): string {
  const ago = daysAgo(date, now);
  if (ago === 0) return `Сегодня в ${formatTime(date)}`;
  if (ago === 1) return `Вчера в ${formatTime(date)}`;
  return `${shortDateFormat.format(date)} ${formatTime(date)}`;
}

/** The day separator's label. */
export function formatDay(date: Date, now: Date = new Date()): string {
  const ago = daysAgo(date, now);
  if (ago === 0) return "Сегодня";
  if (ago === 1) return "Вчера";
  return dateFormat.format(date);
}
