import Markdown, { type Components, type UrlTransform } from "react-markdown";
import remarkBreaks from "remark-breaks";
import { ChatLink, CodeBlock, InlineCode, Quote, SpoilerOrSpan } from "./markdown-elements";
import { remarkChatSyntax } from "./markdown-syntax";
import { rehypeDropNewlines, remarkChatTree } from "./markdown-tree";

/**
 * Everything a message may become. The syntax (markdown-syntax.ts) already leaves the rest as text; this list is the
 * second lock, should a plugin ever produce anything else.
 */
const ALLOWED_ELEMENTS = ["p", "br", "strong", "em", "u", "del", "code", "pre", "blockquote", "a", "span"];

const COMPONENTS: Components = { a: ChatLink, pre: CodeBlock, code: InlineCode, blockquote: Quote, span: SpoilerOrSpan };

/** Links come only from findLinks, which keeps http(s); anything else loses its href rather than reach the page. */
const httpOnly: UrlTransform = (url) => (/^https?:\/\//i.test(url) ? url : null);

/**
 * A message as Discord's subset of Markdown: **bold**, *italic*, __underline__, ~~strike~~, `code`, fenced blocks,
 * > quotes, ||spoilers|| and http(s) links, each line as typed. Text is never HTML: React renders every string.
 */
export function ChatMarkdown({ content }: { content: string }) {
  return (
    <Markdown
      remarkPlugins={[[remarkChatSyntax, { content }], remarkBreaks, remarkChatTree]}
      rehypePlugins={[rehypeDropNewlines]}
      allowedElements={ALLOWED_ELEMENTS}
      unwrapDisallowed
      skipHtml
      urlTransform={httpOnly}
      components={COMPONENTS}
    >
      {content}
    </Markdown>
  );
}
