"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, type KeyboardEvent, type MouseEvent } from "react";
import type { MessageDto } from "@/lib/chat/dto";
import { messageRowId } from "./conversation-context";
import { FloatingLayer, type Anchor } from "./floating-layer";
import { useMessageActions, type MessageAction } from "./message-actions";

const itemsOf = (menu: HTMLElement) => [...menu.querySelectorAll<HTMLElement>("[role='menuitem']")];

/** Up and Down cycle through the items, Home and End go to the ends, Tab leaves (and closes) the menu. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>, onClose: () => void) {
  const items = itemsOf(event.currentTarget);
  const index = items.indexOf(document.activeElement as HTMLElement);
  const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
  if (event.key === "Tab") return onClose();
  if (next === undefined) return;
  event.preventDefault();
  items[(next + items.length) % items.length]?.focus();
}

/** The context menu of a message: right-click, the context-menu key or Shift+F10 on a row, a long press on Android. */
export function MessageMenu({ message, anchor, onClose }: { message: MessageDto; anchor: Anchor; onClose: () => void }) {
  const t = useTranslations("chat.actions");
  const actions = useMessageActions(message);
  const id = useId();

  useEffect(() => {
    const menu = document.getElementById(id);
    if (menu) itemsOf(menu)[0]?.focus();
  }, [id]);

  function select(action: MessageAction, event: MouseEvent<HTMLButtonElement>) {
    const anchor = document.getElementById(messageRowId(message.id)) ?? event.currentTarget;
    // Focus goes back first, so whatever the action opens knows where to return it.
    onClose();
    action.run({ shiftKey: event.shiftKey, anchor });
  }

  return (
    <FloatingLayer
      id={id}
      anchor={anchor}
      onDismiss={onClose}
      sheetOnPhones
      role="menu"
      aria-label={t("menu")}
      onKeyDown={(event) => moveFocus(event, onClose)}
      className="min-w-52 rounded-md bg-deep p-1.5 shadow-xl shadow-black/50 max-md:w-full max-md:rounded-b-none max-md:p-2 max-md:pb-[max(0.5rem,env(safe-area-inset-bottom))]"
    >
      {actions.map((action) => (
        <button
          key={action.key}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={(event) => select(action, event)}
          className={`flex w-full items-center justify-between gap-4 rounded px-2 py-1.5 text-left text-sm whitespace-nowrap focus:outline-none max-md:min-h-11 max-md:text-base ${
            action.danger
              ? "text-danger hover:bg-danger-strong hover:text-white focus-visible:bg-danger-strong focus-visible:text-white"
              : "text-ink hover:bg-blurple hover:text-white focus-visible:bg-blurple focus-visible:text-white"
          }`}
        >
          {action.label}
          <action.Icon aria-hidden="true" className="size-4.5 shrink-0" />
        </button>
      ))}
    </FloatingLayer>
  );
}
