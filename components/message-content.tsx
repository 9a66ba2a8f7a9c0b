import { useTranslations } from "next-intl";
import { Fragment } from "react";
import { linkify } from "@/lib/client/linkify";
import type { LinkWarning } from "@/lib/client/link-display";

/**
 * Names the real host after a link whose text could mislead. The arrow is decoration; a screen reader hears the
 * sentence. The host gets its own direction so surrounding right-to-left text cannot reorder it.
 */
function RealHost({ host, warnings }: { host: string; warnings: LinkWarning[] }) {
  const t = useTranslations("chat.link");
  return (
    <span
      title={t("caution", { reasons: warnings.map((warning) => t(`warning.${warning}`)).join("; ") })}
      className="ml-1 inline-block rounded border border-warning/60 px-1 text-xs text-warning"
    >
      <span aria-hidden="true">→ </span>
      <span className="sr-only">{t("leads_to")} </span>
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
