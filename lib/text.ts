// Rules for what counts as text. The browser imports this through the schemas, so it holds no data
// tables and nothing server-only; confusable skeletons live with the database keys (lib/db/keys.ts).

/**
 * Code points no field may hold: NUL and the other C0/C1 controls but tab, newline and carriage return,
 * lone surrogates (invalid UTF-16, stored as invalid UTF-8 by SQLite and refused by PostgreSQL), and
 * Unicode's noncharacters, which are reserved for a program's internal use and never interchanged.
 */
const NOT_TEXT =
  /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFDD0-\uFDEF\uFFFE\uFFFF\u{1FFFE}\u{1FFFF}\u{2FFFE}\u{2FFFF}\u{3FFFE}\u{3FFFF}\u{4FFFE}\u{4FFFF}\u{5FFFE}\u{5FFFF}\u{6FFFE}\u{6FFFF}\u{7FFFE}\u{7FFFF}\u{8FFFE}\u{8FFFF}\u{9FFFE}\u{9FFFF}\u{AFFFE}\u{AFFFF}\u{BFFFE}\u{BFFFF}\u{CFFFE}\u{CFFFF}\u{DFFFE}\u{DFFFF}\u{EFFFE}\u{EFFFF}\u{FFFFE}\u{FFFFF}\u{10FFFE}\u{10FFFF}]|\p{Cs}/u;

export function isText(value: string): boolean {
  return !NOT_TEXT.test(value);
}

/**
 * Emoji sequences legitimately hold invisible joiners (👨‍👩‍👧 is three people and two ZWJs) and tag
 * characters (the flags of England or Scotland); they are taken out before a name is judged.
 */
const EMOJI_SEQUENCE =
  /\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)+|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;

/**
 * Format characters (zero-width spaces and joiners, bidi embeddings, overrides and isolates, soft
 * hyphens, invisible operators) and line separators: inside a name they hide or reorder what others
 * read, so a name that looks like another one, or like nothing, could be made with them.
 */
const HIDDEN_IN_NAMES = /[\p{Cf}\u2028\u2029]/u;

export function hasHiddenCharacters(name: string): boolean {
  return HIDDEN_IN_NAMES.test(name.replace(EMOJI_SEQUENCE, ""));
}

/** Whitespace, format characters and the fillers that render as blank (Hangul fillers, the braille blank). */
const BLANK = /[\s\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** Whether anything would be seen: text made only of spaces, zero-width characters or fillers is not. */
export function isVisible(value: string): boolean {
  return value.replace(BLANK, "").length > 0;
}

/** NFKC folds compatibility forms (fullwidth letters, ligatures, circled digits) into the letters people read. */
export const normalizeName = (value: string) => value.normalize("NFKC");
