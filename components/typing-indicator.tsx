"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { typistsAt, type Typist } from "@/lib/client/conversation-state";

/** Often enough that a typist who went quiet disappears within a second of expiring. */
const TICK_MS = 1_000;

const name = (chunks: ReactNode) => <strong className="font-semibold text-ink-strong">{chunks}</strong>;

/** Three dots that take turns hopping, still for readers who asked for less motion. */
function Dots() {
  return (
    <span aria-hidden="true" className="flex shrink-0 items-end gap-0.5 pb-0.5">
      {["[animation-delay:-0.3s]", "[animation-delay:-0.15s]", ""].map((delay) => (
        <span key={delay} className={`size-1 rounded-full bg-ink animate-bounce motion-reduce:animate-none ${delay}`} />
      ))}
    </span>
  );
}

/**
 * «Анна печатает…» above the composer. The line keeps its height when empty, so messages do not jump. A polite live
 * region speaks a change of who is typing (names are sorted, so a new signal from the same people changes nothing),
 * not every signal or tick.
 */
export function TypingIndicator({ typists }: { typists: Typist[] | undefined }) {
  const t = useTranslations("chat.typing");
  const locale = useLocale();
  const [now, setNow] = useState(() => Date.now());
  const shown = typistsAt(typists, now);
  const anyone = shown.length > 0;

  useEffect(() => {
    if (!anyone) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [anyone]);

  const collator = useMemo(() => new Intl.Collator(locale), [locale]);
  const names = shown.map((typist) => typist.username).sort(collator.compare);

  return (
    <div aria-live="polite" aria-atomic="true" className="flex h-6 shrink-0 items-center gap-1.5 px-4 text-xs text-ink sm:px-5">
      {anyone ? (
        <>
          <Dots />
          <span className="min-w-0 truncate">{t.rich("typists", { count: names.length, first: names[0] ?? "", second: names[1] ?? "", name })}</span>
        </>
      ) : null}
    </div>
  );
}
