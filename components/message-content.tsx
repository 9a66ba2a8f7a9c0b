import { linkify } from "@/lib/client/linkify";

/** Text stays text: links become anchors, everything else is a string React escapes. */
export function MessageContent({ content }: { content: string }) {
  return (
    <>
      {linkify(content).map((part, index) =>
        part.kind === "link" ? (
          <a
            key={index}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-link underline decoration-link/50 underline-offset-2 hover:decoration-link"
          >
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
