import type { Element, ElementContent, Root } from "hast";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type ComponentProps, type KeyboardEvent, type ReactNode } from "react";
import type { ExtraProps } from "react-markdown";
import type { LinkWarning } from "./link-display";
import { grammarName, highlightNow, loadGrammar, tokenClass } from "./markdown-highlight";

type Props<Tag extends "a" | "pre" | "code" | "span" | "blockquote"> = ComponentProps<Tag> & ExtraProps;

const LINK_WARNINGS: readonly string[] = ["userinfo", "punycode", "hidden"] satisfies LinkWarning[];
const isLinkWarning = (word: string): word is LinkWarning => LINK_WARNINGS.includes(word);

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

/** An http(s) link as `findLinks` described it (markdown-syntax.ts puts its host and warnings on the element). */
export function ChatLink({ href, node, children }: Props<"a">) {
  const host = String(node?.properties.dataHost ?? "");
  const warnings = String(node?.properties.dataWarnings ?? "").split(" ").filter(isLinkWarning);
  return (
    <>
      {/* dir="ltr" isolates the URL: right-to-left text around it must not reorder its parts. */}
      <a
        href={href}
        dir="ltr"
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-link underline decoration-link/50 underline-offset-2 hover:decoration-link"
      >
        {children}
      </a>
      {warnings.length > 0 && host ? <RealHost host={host} warnings={warnings} /> : null}
    </>
  );
}

/**
 * Covered until the reader asks, as on Discord. While covered it is a button named «Спойлер» whose text is
 * invisible (and so neither read out nor focusable, links included); revealed, it is plain text that takes the
 * focus, so a keyboard reader carries on from where the button was.
 */
function Spoiler({ children }: { children: ReactNode }) {
  const t = useTranslations("chat.markdown");
  const [shown, setShown] = useState(false);
  const revealed = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (shown) revealed.current?.focus({ preventScroll: true });
  }, [shown]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    setShown(true);
  }

  if (shown) {
    return (
      <span ref={revealed} tabIndex={-1} className="rounded-sm bg-ink/10 box-decoration-clone">
        {children}
      </span>
    );
  }
  return (
    <span
      role="button"
      tabIndex={0}
      aria-expanded={false}
      aria-label={t("spoiler")}
      title={t("spoiler_reveal")}
      onClick={() => setShown(true)}
      onKeyDown={onKeyDown}
      className="cursor-pointer rounded-sm bg-deep box-decoration-clone hover:bg-black"
    >
      <span className="invisible">{children}</span>
    </span>
  );
}

/** Spans come only from ||spoilers||: every other element the chat renders has its own tag. */
export function SpoilerOrSpan({ node, children }: Props<"span">) {
  return node?.properties.dataSpoiler ? <Spoiler>{children}</Spoiler> : <span>{children}</span>;
}

export function InlineCode({ children }: Props<"code">) {
  return <code className="rounded bg-deep px-1 py-px font-mono text-[0.875em]">{children}</code>;
}

export function Quote({ children }: Props<"blockquote">) {
  return <blockquote className="my-0.5 rounded-sm border-l-4 border-[#4e5058] pl-3">{children}</blockquote>;
}

const textOf = (nodes: ElementContent[]): string => nodes.map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : "")).join("");

/** The fence's code and language as remark-rehype wrote them: <pre><code class="language-x">code\n</code></pre>. */
function fenced(node: Element | undefined): { code: string; language: string | null } {
  const code = node?.children.find((child): child is Element => child.type === "element" && child.tagName === "code");
  const language = code ? classNames(code).find((name) => name.startsWith("language-")) : undefined;
  return { code: textOf(code?.children ?? []).replace(/\n$/, ""), language: language?.slice("language-".length) ?? null };
}

const classNames = (node: Element) => {
  const classes = node.properties.className;
  return Array.isArray(classes) ? classes.map(String) : [];
};

/** highlight.js's tree as React: spans with its classes, text as text. */
function Tokens({ nodes }: { nodes: Root["children"] }) {
  return nodes.map((node, index) =>
    node.type === "text" ? (
      node.value
    ) : node.type === "element" ? (
      <span key={index} className={tokenClass(classNames(node))}>
        <Tokens nodes={node.children} />
      </span>
    ) : null,
  );
}

/**
 * A fenced block, plain at first (the server renders it so, and the page hydrates the same), coloured once its
 * language's grammar has loaded. A grammar that fails to load leaves the block plain.
 */
export function CodeBlock({ node }: Props<"pre">) {
  const { code, language } = fenced(node);
  const grammar = grammarName(language);
  const [grammarReady, setGrammarReady] = useState(false);
  const root = useMemo(() => (grammar && grammarReady ? highlightNow(grammar, code) : null), [grammar, grammarReady, code]);

  useEffect(() => {
    if (!grammar) return;
    let live = true;
    loadGrammar(grammar).then(
      () => live && setGrammarReady(true),
      () => live && setGrammarReady(false),
    );
    return () => {
      live = false;
    };
  }, [grammar]);

  return (
    <pre className="my-1 rounded border border-line/60 bg-deep px-3 py-2 font-mono text-sm leading-5 whitespace-pre-wrap [overflow-wrap:anywhere]">
      <code>{root ? <Tokens nodes={root.children} /> : code}</code>
    </pre>
  );
}
