/** The timeouts a moderator picks from, in seconds, as Discord offers them: 60 s, 5 and 10 min, an hour, a day, a week. */
export const TIMEOUT_CHOICES = [60, 300, 600, 3_600, 86_400, 604_800] as const;

export type DurationUnit = "second" | "minute" | "hour" | "day" | "week";

const UNITS: [DurationUnit, number][] = [
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** A span in the largest unit that counts it whole («5 минут», not «300 секунд»), for the catalogue's `duration`. */
export function durationParts(seconds: number): { unit: DurationUnit; count: number } {
  for (const [unit, size] of UNITS) {
    if (seconds >= size && seconds % size === 0) return { unit, count: seconds / size };
  }
  return { unit: "second", count: seconds };
}
