import { describeLink, type LinkDisplay } from "./link-display";

export type TextPart = { kind: "text"; text: string } | ({ kind: "link"; href: string } & LinkDisplay);

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", "'", '"', "]", "}", ">", "»"]);

const count = (text: string, char: string) => text.split(char).length - 1;

/** Drops sentence punctuation after a URL, but keeps a ")" that closes one opened inside it (Wikipedia links). */
function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const last = url.at(-1);
    if (last === undefined) return url;
    const unbalanced = last === ")" && count(url, ")") > count(url, "(");
    if (!TRAILING_PUNCTUATION.has(last) && !unbalanced) return url;
    url = url.slice(0, -1);
  }
}

function parseHttpUrl(candidate: string): URL | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Splits message text into plain text and http(s) links; everything is rendered as text, never as HTML. A link's text
 * is what `describeLink` makes of the parsed URL, so it cannot hide or reorder where the link goes.
 */
export function linkify(content: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of content.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const parsed = parseHttpUrl(url);
    if (!parsed || url.length === 0) continue;
    if (start > last) parts.push({ kind: "text", text: content.slice(last, start) });
    parts.push({ kind: "link", href: parsed.href, ...describeLink(parsed, url) });
    last = start + url.length;
  }
  if (last < content.length) parts.push({ kind: "text", text: content.slice(last) });
  return parts;
}
