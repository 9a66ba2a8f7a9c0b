import type { Link, Text } from "mdast";
import { gfmStrikethroughFromMarkdown } from "mdast-util-gfm-strikethrough";
import type { CompileContext, Extension as FromMarkdownExtension, Token as CompileToken } from "mdast-util-from-markdown";
import { blockQuote } from "micromark-core-commonmark";
import { gfmStrikethrough } from "micromark-extension-gfm-strikethrough";
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from "micromark-util-types";
import type { Processor } from "unified";
import { findLinks, type FoundLink } from "./linkify";
import { spoilerFromMarkdown, spoilerSyntax } from "./markdown-spoiler";

declare module "micromark-util-types" {
  interface TokenTypeMap {
    chatLink: "chatLink";
  }
}

/**
 * CommonMark that a chat does not show, so what would start it stays text as typed: headings, lists, rules, indented
 * code, HTML, images and links written as Markdown (a link's text could name another site than it leads to), `<…>`
 * autolinks, link definitions, `&entities;` and the backslash line break. Links are http(s) text only, found the way
 * `findLinks` finds them.
 */
const DISABLED = [
  "autolink",
  "characterReference",
  "codeIndented",
  "definition",
  "hardBreakEscape",
  "headingAtx",
  "htmlFlow",
  "htmlText",
  "labelStartImage",
  "labelStartLink",
  "list",
  "setextUnderline",
  "thematicBreak",
];

const GREATER_THAN = 62;
/** Where a link may start: http:// or https://, in either case. */
const H_UPPER = 72;
const H_LOWER = 104;
const SPACE = 32;
/** micromark's codes for a tab and the columns it spans. */
const TAB_CODES = new Set([-2, -1]);

/** `>` and a space. */
const quoteMarker: Construct = {
  partial: true,
  tokenize(effects: Effects, ok: State, nok: State): State {
    const afterMarker: State = (code: Code) => (code === SPACE || (code !== null && TAB_CODES.has(code)) ? ok(code) : nok(code));
    return (code: Code) => {
      if (code !== GREATER_THAN) return nok(code);
      effects.enter("blockQuoteMarker");
      effects.consume(code);
      effects.exit("blockQuoteMarker");
      return afterMarker;
    };
  },
};

/** A quote starts with `> ` as on Discord, so `>_<` and `>.>` stay faces instead of quoting the rest. */
const chatQuote: Construct = {
  ...blockQuote,
  name: "chatQuote",
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const quote = blockQuote.tokenize.call(this, effects, ok, nok);
    return (code: Code) => effects.check(quoteMarker, quote, nok)(code);
  },
};

/** The links `findLinks` found, by where each starts: the one place that decides what is a link. */
type LinksByStart = ReadonlyMap<number, FoundLink>;

/** A found link is taken whole, so `_`, `*` or `|` inside a URL are not Markdown. */
function linkConstruct(content: string, links: LinksByStart): Construct {
  return {
    name: "chatLink",
    tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      let index = this.now().offset;
      const link = links.get(index);
      if (!link) return nok;
      const inside: State = (code: Code) => {
        if (index === link.end) {
          effects.exit("chatLink");
          return ok(code);
        }
        // The text as parsed must be the text findLinks read; anything else (a BOM it skipped) is no link.
        if (code !== content.charCodeAt(index)) return nok(code);
        effects.consume(code);
        index++;
        return inside;
      };
      return (code: Code) => {
        effects.enter("chatLink");
        return inside(code);
      };
    },
  };
}

function linkFromMarkdown(links: LinksByStart): FromMarkdownExtension {
  return {
    enter: {
      chatLink(this: CompileContext, token: CompileToken) {
        // The construct entered the token only where a link starts.
        const link = links.get(token.start.offset);
        const node: Link | Text = link
          ? {
              type: "link",
              url: link.href,
              children: [{ type: "text", value: link.text }],
              data: { hProperties: { href: link.href, dataHost: link.host, dataWarnings: link.warnings.join(" ") } },
            }
          : { type: "text", value: this.sliceSerialize(token) };
        this.enter(node, token);
      },
    },
    exit: {
      chatLink(this: CompileContext, token: CompileToken) {
        this.exit(token);
      },
    },
  };
}

/** The chat's syntax: CommonMark less what DISABLED names, plus ~~strike~~, ||spoilers|| and http(s) links. */
export function remarkChatSyntax(this: Processor, { content }: { content: string }) {
  // remark-parse reads these two lists when it parses (its types declare them; we do not import it ourselves).
  const data = this.data() as { micromarkExtensions?: Extension[]; fromMarkdownExtensions?: FromMarkdownExtension[] };
  const links: LinksByStart = new Map(findLinks(content).map((link) => [link.start, link]));
  const link = linkConstruct(content, links);
  const syntax: Extension[] = [
    { disable: { null: [...DISABLED, "blockQuote"] } },
    { document: { [GREATER_THAN]: chatQuote } },
    gfmStrikethrough({ singleTilde: false }),
    spoilerSyntax(),
    { text: { [H_UPPER]: link, [H_LOWER]: link } },
  ];
  (data.micromarkExtensions ??= []).push(...syntax);
  (data.fromMarkdownExtensions ??= []).push(gfmStrikethroughFromMarkdown(), spoilerFromMarkdown(), linkFromMarkdown(links));
}
