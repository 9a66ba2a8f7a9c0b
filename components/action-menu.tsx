"use client";

import type { LucideIcon } from "lucide-react";
import { useEffect, useId, type KeyboardEvent, type MouseEvent } from "react";
import { FloatingLayer, type Anchor } from "./floating-layer";

export interface MenuItem {
  key: string;
  label: string;
  Icon: LucideIcon;
  danger: boolean;
  onSelect: (event: MouseEvent<HTMLButtonElement>) => void;
}

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

/**
 * A menu of actions over the page (a message's, a member's, the room's): its first item takes focus, the arrows
 * move through the items, and on phones it is a sheet along the bottom edge. Choosing an item closes the menu
 * first, so that whatever the item opens knows where to give focus back.
 */
export function ActionMenu({
  label,
  items,
  anchor,
  onClose,
  placement,
}: {
  label: string;
  items: MenuItem[];
  anchor: Anchor;
  onClose: () => void;
  placement?: "below" | "beside";
}) {
  const id = useId();

  useEffect(() => {
    const menu = document.getElementById(id);
    if (menu) itemsOf(menu)[0]?.focus();
  }, [id]);

  return (
    <FloatingLayer
      id={id}
      anchor={anchor}
      placement={placement}
      onDismiss={onClose}
      sheetOnPhones
      role="menu"
      aria-label={label}
      onKeyDown={(event) => moveFocus(event, onClose)}
      className="min-w-52 rounded-md bg-deep p-1.5 shadow-xl shadow-black/50 max-md:w-full max-md:rounded-b-none max-md:p-2 max-md:pb-[max(0.5rem,env(safe-area-inset-bottom))]"
    >
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={(event) => {
            onClose();
            item.onSelect(event);
          }}
          className={`flex w-full items-center justify-between gap-4 rounded px-2 py-1.5 text-left text-sm whitespace-nowrap focus:outline-none max-md:min-h-11 max-md:text-base ${
            item.danger
              ? "text-danger hover:bg-danger-strong hover:text-white focus-visible:bg-danger-strong focus-visible:text-white"
              : "text-ink hover:bg-blurple hover:text-white focus-visible:bg-blurple focus-visible:text-white"
          }`}
        >
          {item.label}
          <item.Icon aria-hidden="true" className="size-4.5 shrink-0" />
        </button>
      ))}
    </FloatingLayer>
  );
}
