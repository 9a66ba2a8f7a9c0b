import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Blockquote, Break, Paragraph, Parent, PhrasingContent, Root, RootContent } from "mdast";

/** `__text__`: underlined, as on Discord, where CommonMark would make it bold. */
export interface Underline extends Parent {
  type: "underline";
  children: PhrasingContent[];
}

declare module "mdast" {
  interface PhrasingContentMap {
    underline: Underline;
  }
  interface RootContentMap {
    underline: Underline;
  }
}

const UNDERSCORE = "_";

/** CommonMark reads `__x__` and `**x**` alike; the source tells them apart, so `__` becomes underline. */
function underline(node: RootContent, source: string): RootContent {
  if (!("children" in node)) return node;
  const children = node.children.map((child) => underline(child, source));
  if (node.type === "strong" && node.position && source[node.position.start.offset ?? -1] === UNDERSCORE) {
    return { type: "underline", children: children as PhrasingContent[], position: node.position, data: { hName: "u" } };
  }
  return { ...node, children } as RootContent;
}

/** Discord quotes one level deep: `>> x` is a quote of "x", not a quote of a quote. */
function flattenQuotes(children: RootContent[], inQuote: boolean): RootContent[] {
  return children.flatMap<RootContent>((child) => {
    if (child.type !== "blockquote") return [child];
    const inner = flattenQuotes(child.children, true) as Blockquote["children"];
    return inQuote ? inner : [{ ...child, children: inner }];
  });
}

/**
 * Quoted lines in a row are one quote. Our `> ` construct starts a quote on every line: CommonMark's continuation
 * of a quote asks for the core construct by name, which markdown-syntax.ts switches off.
 */
function mergeQuotes(children: RootContent[]): RootContent[] {
  const merged: RootContent[] = [];
  for (const child of children) {
    const last = merged.at(-1);
    if (last?.type === "blockquote" && child.type === "blockquote" && last.position && child.position && child.position.start.line === last.position.end.line + 1) {
      merged[merged.length - 1] = { ...last, children: [...last.children, ...child.children], position: { start: last.position.start, end: child.position.end } };
    } else {
      merged.push(child);
    }
  }
  return merged;
}

const countBreaks = (node: RootContent): number =>
  node.type === "break" ? 1 : "children" in node ? node.children.reduce((sum, child) => sum + countBreaks(child), 0) : 0;

interface Run {
  quoted: boolean;
  first: number;
  last: number;
  nodes: PhrasingContent[];
}

/** A paragraph's lines, grouped by whether the source line starts with `>` (a lazy line does not). */
function runsOf(paragraph: Paragraph, sourceLines: string[]): Run[] {
  const runs: Run[] = [];
  let line = paragraph.position?.start.line ?? 1;
  let run: Run | undefined;
  for (const node of paragraph.children) {
    const quoted = /^\s*>/.test(sourceLines[line - 1] ?? "");
    if (!run || (run.quoted !== quoted && node.type !== "break")) {
      run = { quoted, first: line, last: line, nodes: [] };
      runs.push(run);
    }
    // The break that ends a run's last line belongs to neither side.
    if (!(node.type === "break" && run.quoted !== /^\s*>/.test(sourceLines[line] ?? ""))) run.nodes.push(node);
    run.last = line;
    line += countBreaks(node);
  }
  return runs;
}

const paragraphOf = (run: Run): Paragraph => ({
  type: "paragraph",
  children: run.nodes,
  position: { start: { line: run.first, column: 1 }, end: { line: run.last, column: 1 } },
});

/**
 * CommonMark lets a paragraph in a quote go on in the lines after it without `>` ("laziness"); on Discord a quote is
 * only its `> ` lines, so a reply typed under a quote is not part of it. Those lines move out, after the quote.
 */
function endQuotesAtLazyLines(children: RootContent[], sourceLines: string[]): RootContent[] {
  return children.flatMap<RootContent>((child) => {
    if (child.type !== "blockquote") return [child];
    const out: RootContent[] = [];
    let quote: Blockquote | null = null;
    const quoted = (node: Blockquote["children"][number]) => {
      quote ??= { type: "blockquote", children: [], position: child.position };
      quote.children.push(node);
    };
    for (const block of child.children) {
      if (block.type !== "paragraph") {
        quoted(block);
        continue;
      }
      for (const run of runsOf(block, sourceLines)) {
        if (run.quoted) {
          quoted(paragraphOf(run));
        } else {
          if (quote) out.push(quote);
          quote = null;
          out.push(paragraphOf(run));
        }
      }
    }
    if (quote) out.push(quote);
    return out;
  });
}

const lineBreaks = (count: number): Break[] => Array.from({ length: count }, () => ({ type: "break" }));

/**
 * Blank lines between paragraphs are kept as typed: the paragraphs become one, with a line break for each line,
 * where CommonMark would fold any number of blank lines into one paragraph gap.
 */
function joinParagraphs<T extends RootContent>(children: T[]): T[] {
  const joined: T[] = [];
  for (const child of children) {
    const last = joined.at(-1);
    if (child.type === "blockquote") {
      joined.push({ ...child, children: joinParagraphs(child.children) });
    } else if (last?.type === "paragraph" && child.type === "paragraph" && last.position && child.position) {
      const gap = child.position.start.line - last.position.end.line;
      const merged: Paragraph = {
        ...last,
        children: [...last.children, ...lineBreaks(gap), ...child.children],
        position: { start: last.position.start, end: child.position.end },
      };
      joined[joined.length - 1] = merged as T;
    } else {
      joined.push(child);
    }
  }
  return joined;
}

/** The shape Discord gives a message, from CommonMark's: underline, one level of quotes, blank lines kept. */
export function remarkChatTree() {
  return (tree: Root, file: { value: unknown }) => {
    const source = String(file.value);
    const children = tree.children.map((child) => underline(child, source));
    const quotes = endQuotesAtLazyLines(mergeQuotes(flattenQuotes(children, false)), source.split(/\r\n|\r|\n/));
    tree.children = joinParagraphs(quotes);
  };
}

const isNewline = (node: ElementContent) => node.type === "text" && node.value === "\n";

/**
 * remark-rehype puts a "\n" between blocks and after each <br>, for HTML source that reads well; in a message, whose
 * spaces are kept as typed (white-space: pre-wrap), each would be one more blank line.
 */
export function rehypeDropNewlines() {
  const visit = (node: HastRoot | Element) => {
    if (node.type === "element" && node.tagName === "pre") return;
    node.children = node.children.filter((child) => !isNewline(child as ElementContent));
    for (const child of node.children) if (child.type === "element") visit(child);
  };
  return (tree: HastRoot) => visit(tree);
}
