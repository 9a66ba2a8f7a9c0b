"use client";

import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { RecentEmoji, recentEmojiKey } from "@/lib/client/recent-emoji";
import { FloatingLayer } from "./floating-layer";

function PickerLoading() {
  const t = useTranslations("chat.picker");
  return <p className="flex h-[min(22rem,50dvh)] items-center justify-center text-sm text-muted">{t("loading")}</p>;
}

const EmojiPickerPanel = dynamic(() => import("./emoji-picker-panel"), { ssr: false, loading: PickerLoading });

interface ReactionPickerProps {
  userId: number;
  anchor: HTMLElement;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/** My recently used emoji first, one press away, then the whole picker with its search. */
export function ReactionPicker({ userId, anchor, onPick, onClose }: ReactionPickerProps) {
  const t = useTranslations("chat.picker");
  const [recent] = useState(() => new RecentEmoji(recentEmojiKey(userId), { storage: () => window.localStorage }));
  const [recentList] = useState(() => recent.list());
  const headingId = useId();
  const id = useId();

  // Until the picker's chunk arrives and focuses its search, focus waits in the layer, where Escape still closes it.
  useEffect(() => {
    const layer = document.getElementById(id);
    if (layer && !layer.contains(document.activeElement)) layer.focus();
  }, [id]);

  function pick(emoji: string) {
    recent.use(emoji);
    onPick(emoji);
  }

  return (
    <FloatingLayer
      id={id}
      tabIndex={-1}
      anchor={anchor}
      onDismiss={onClose}
      sheetOnPhones
      role="dialog"
      aria-label={t("label")}
      className="flex w-[22rem] flex-col overflow-hidden rounded-lg border border-deep bg-panel shadow-xl shadow-black/50 outline-none max-md:w-full max-md:rounded-b-none max-md:pb-[env(safe-area-inset-bottom)]"
    >
      {recentList.length > 0 ? (
        <section aria-labelledby={headingId} className="border-b border-deep px-3 pt-2 pb-1.5">
          <h2 id={headingId} className="text-xs font-semibold text-muted uppercase">
            {t("recent")}
          </h2>
          <ul className="mt-1 flex flex-wrap gap-0.5">
            {recentList.map((emoji) => (
              <li key={emoji}>
                <button
                  type="button"
                  onClick={() => pick(emoji)}
                  className="flex size-9 items-center justify-center rounded text-2xl leading-none hover:bg-line max-md:size-11"
                >
                  {emoji}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EmojiPickerPanel onPick={pick} />
    </FloatingLayer>
  );
}
