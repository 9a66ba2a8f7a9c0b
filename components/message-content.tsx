import { memo } from "react";
import { ChatMarkdown } from "@/lib/client/markdown";
import { isJumboEmoji } from "@/lib/client/markdown-emoji";

/**
 * A message's text. Memoised by content: a row re-renders often (times, status, reactions) and parsing is the
 * costly part, so a message is parsed again only when its text changes.
 */
export const MessageContent = memo(function MessageContent({ content }: { content: string }) {
  if (isJumboEmoji(content)) return <span className="text-5xl leading-[1.2]">{content}</span>;
  // No box of its own: the row's body lays the paragraphs out, so what follows the last one (the edit mark) stays on its line.
  return <ChatMarkdown content={content} />;
});
