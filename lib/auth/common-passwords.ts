import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MIN } from "./schemas";

// Immutable data built on first use; sharing it between requests is the point, and nothing can leak through it.
let common: ReadonlySet<string> | undefined;

/** Whether a password is on zxcvbn's list of ~49,000 most used ones (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary["passwords-common"] ?? []).filter((entry) => entry.length >= PASSWORD_MIN));
  return common.has(password.toLowerCase());
}
