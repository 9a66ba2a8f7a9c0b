import { Fragment } from "react";
import { linkify } from "@/lib/client/linkify";
import type { LinkWarning } from "@/lib/client/link-display";

const WARNING_TEXT: Record<LinkWarning, string> = {
  userinfo: "текст перед «@» — не адрес сайта",
  punycode: "имя сайта написано буквами разных алфавитов или похожими на латиницу, поэтому показано в виде xn--",
  hidden: "в ссылке были невидимые или переворачивающие текст символы, они показаны кодами %",
};

/**
 * Names the real host after a link whose text could mislead. The arrow is decoration; a screen reader hears the
 * sentence. The host gets its own direction so surrounding right-to-left text cannot reorder it.
 */
function RealHost({ host, warnings }: { host: string; warnings: LinkWarning[] }) {
  return (
    <span
      title={`Осторожно: ${warnings.map((warning) => WARNING_TEXT[warning]).join("; ")}`}
      className="ml-1 inline-block rounded border border-warning/60 px-1 text-xs text-warning"
    >
      <span aria-hidden="true">→ </span>
      <span className="sr-only">Ссылка ведёт на </span>
      <span dir="ltr">{host}</span>
    </span>
  );
}

/** Text stays text: links become anchors, everything else is a string React escapes. */
export function MessageContent({ content }: { content: string }) {
  return (
    <>
      {linkify(content).map((part, index) =>
        part.kind === "link" ? (
          <Fragment key={index}>
            {/* dir="ltr" isolates the URL: right-to-left text around it must not reorder its parts. */}
            <a
              href={part.href}
              dir="ltr"
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="text-link underline decoration-link/50 underline-offset-2 hover:decoration-link"
            >
              {part.text}
            </a>
            {part.warnings.length > 0 && <RealHost host={part.host} warnings={part.warnings} />}
          </Fragment>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
