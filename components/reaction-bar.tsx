"use client";

import { SmilePlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import type { MessageDto } from "@/lib/chat/dto";
import { MAX_REACTIONS } from "@/lib/chat/schemas";
import type { Reactor } from "@/lib/client/api";
import { summarizeReactors } from "@/lib/client/reactors";
import { useConversation } from "./conversation-context";
import { FloatingLayer } from "./floating-layer";

type Reaction = MessageDto["reactions"][number];

/** A pointer resting on a chip, not one passing over it on the way elsewhere, asks who reacted. */
const HOVER_DELAY_MS = 300;

/** The chips under a message: each toggles my reaction, and names who reacted when hovered or focused. */
export function ReactionBar({ message, reactions }: { message: MessageDto; reactions: Reaction[] }) {
  const t = useTranslations("chat.reactions");
  const { openPicker } = useConversation();
  if (reactions.length === 0) return null;
  return (
    <ul aria-label={t("label")} className="mt-1 flex flex-wrap items-center gap-1">
      {reactions.map((reaction) => (
        <li key={reaction.emoji}>
          <ReactionChip message={message} reaction={reaction} />
        </li>
      ))}
      {reactions.length < MAX_REACTIONS ? (
        <li className="invisible group-hover:visible group-focus-within:visible group-data-[active=true]:visible">
          <button
            type="button"
            aria-label={t("add")}
            title={t("add")}
            onClick={(event) => openPicker(message, event.currentTarget)}
            className="flex items-center rounded-lg max-md:min-h-11 max-md:min-w-11 max-md:justify-center"
          >
            <span className="flex h-7 items-center rounded-lg border border-transparent bg-line/60 px-2 text-muted hover:border-muted/50 hover:text-ink-strong">
              <SmilePlus aria-hidden="true" className="size-4.5" />
            </span>
          </button>
        </li>
      ) : null}
    </ul>
  );
}

function ReactionChip({ message, reaction }: { message: MessageDto; reaction: Reaction }) {
  const t = useTranslations("chat.reactions");
  const { me, react, reactors } = useConversation();
  /** `reactors`: undefined while asking, null when the server could not say. */
  const [tip, setTip] = useState<{ anchor: HTMLElement; reactors?: Reactor[] | null } | null>(null);
  const tipId = useId();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function show(anchor: HTMLElement) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setTip({ anchor });
      void reactors(message, reaction.emoji, reaction.count).then((list) => setTip((current) => current && { anchor, reactors: list }));
    }, HOVER_DELAY_MS);
  }

  function hide() {
    clearTimeout(timer.current);
    setTip(null);
  }

  function who(list: Reactor[] | null | undefined): string {
    if (list === undefined) return t("loading");
    const { me: mine, others, rest } = summarizeReactors(list ?? [], reaction, me.id);
    // Nobody to name: the server could not say, or its list is older than the count.
    if (!mine && others.length === 0) return t("chip", { emoji: reaction.emoji, count: reaction.count });
    const [first = "", second = "", third = ""] = [...(mine ? [t("you")] : []), ...others];
    return t("who", { named: Number(mine) + others.length, rest, first, second, third });
  }

  return (
    <>
      <button
        type="button"
        aria-pressed={reaction.me}
        aria-label={t("chip", { emoji: reaction.emoji, count: reaction.count })}
        aria-describedby={tip ? tipId : undefined}
        onClick={() => react(message, reaction.emoji, !reaction.me)}
        onPointerEnter={(event) => {
          // A tap on a phone is a toggle, not a hover.
          if (event.pointerType !== "touch") show(event.currentTarget);
        }}
        onPointerLeave={hide}
        onFocus={(event) => show(event.currentTarget)}
        onBlur={hide}
        className="group/chip flex items-center rounded-lg max-md:min-h-11"
      >
        <span
          className={`flex h-7 items-center gap-1.5 rounded-lg border px-2 text-sm tabular-nums ${
            reaction.me ? "border-blurple bg-blurple/20 text-ink-strong" : "border-transparent bg-line/60 text-ink group-hover/chip:border-muted/50"
          }`}
        >
          <span className="text-base leading-none">{reaction.emoji}</span>
          {reaction.count}
        </span>
      </button>
      {tip ? (
        <FloatingLayer
          id={tipId}
          anchor={tip.anchor}
          placement="above"
          role="tooltip"
          className="pointer-events-none max-w-64 rounded-md bg-deep px-3 py-2 text-sm text-ink-strong shadow-lg shadow-black/50"
        >
          <span className="mr-1.5 text-lg leading-none">{reaction.emoji}</span>
          {who(tip.reactors)}
        </FloatingLayer>
      ) : null}
    </>
  );
}
