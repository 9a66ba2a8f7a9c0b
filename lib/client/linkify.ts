import { describeLink, type LinkDisplay } from "./link-display";

/** An http(s) link found in message text: where it was typed (UTF-16 offsets) and how to show it. */
export type FoundLink = { start: number; end: number; href: string } & LinkDisplay;

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation, and the Markdown marks that close around a link: **https://a.example** is bold, ||…|| a spoiler.
const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", "'", '"', "]", "}", ">", "»", "*", "_", "~", "|"]);

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
 * The http(s) links in message text, in order; nothing else becomes a link. A link's text is what `describeLink`
 * makes of the parsed URL, so it cannot hide or reorder where the link goes.
 */
export function findLinks(content: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const match of content.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const parsed = parseHttpUrl(url);
    if (!parsed || url.length === 0) continue;
    links.push({ start: match.index, end: match.index + url.length, href: parsed.href, ...describeLink(parsed, url) });
  }
  return links;
}
