import { rectifyConfusion } from "unicode-confusables";
import type { ProfileChange } from "./types";

/** The case-insensitive identity of a name, the same in every dialect (SQLite's lower() folds ASCII only). */
export function foldKey(value: string): string {
  return value.normalize("NFKC").toLowerCase();
}

/**
 * What a name looks like: UTS #39's skeleton (decompose, map every character to its prototype in
 * Unicode's confusables table, decompose again) of its folded form. Two names with one skeleton
 * can be told apart only by their code points — «vіctim1» with a Cyrillic і and «victim1», «Οбщий чат»
 * with a Greek Omicron and «Общий чат» — so a unique index on it refuses lookalikes.
 */
export function skeletonKey(value: string): string {
  const visible = foldKey(value).replace(INVISIBLE, "");
  return rectifyConfusion(visible.normalize("NFD")).normalize("NFD");
}

/** Characters that render as nothing; validation refuses them in names, and they must not tell two apart. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The columns a profile change writes, with the email folded as insertUser stores it. */
export function profileColumns(change: ProfileChange): ProfileChange {
  return {
    ...(change.city === undefined ? {} : { city: change.city }),
    ...(change.email === undefined ? {} : { email: foldKey(change.email) }),
    ...(change.locale === undefined ? {} : { locale: change.locale }),
  };
}
