import { useTranslations } from "next-intl";
import type { KeyboardEvent } from "react";
import type { MessageDto } from "@/lib/chat/dto";
import { useMessageActions } from "./message-actions";

/** Left and Right walk the toolbar's buttons, as in any toolbar; Tab leaves it. */
function moveWithArrows(event: KeyboardEvent<HTMLDivElement>) {
  const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
  if (!step) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
  const index = buttons.indexOf(event.target as HTMLButtonElement);
  event.preventDefault();
  buttons[(index + step + buttons.length) % buttons.length]?.focus();
}

/**
 * Shown over the top-right corner of the row while it is hovered, holds focus (on a touch screen a tap focuses
 * it), or has its menu, picker or confirmation open; hidden (not merely transparent) otherwise, so its buttons are
 * out of the tab order.
 */
export function MessageToolbar({ message }: { message: MessageDto }) {
  const t = useTranslations("chat.actions");
  const actions = useMessageActions(message).filter((action) => !action.menuOnly);
  if (actions.length === 0) return null;
  return (
    <div
      role="toolbar"
      aria-label={t("toolbar")}
      onKeyDown={moveWithArrows}
      className="invisible absolute -top-4 right-4 z-10 flex rounded-md border border-deep bg-canvas shadow-md shadow-black/30 max-md:-top-6 max-md:right-2 group-hover:visible group-focus-within:visible group-data-[active=true]:visible"
    >
      {actions.map((action) => (
        <button
          key={action.key}
          type="button"
          aria-label={action.label}
          title={action.label}
          onClick={(event) => action.run({ shiftKey: event.shiftKey, anchor: event.currentTarget })}
          className={`flex size-8 items-center justify-center rounded-md text-muted hover:bg-line max-md:size-11 ${
            action.danger ? "hover:text-danger" : "hover:text-ink-strong"
          }`}
        >
          <action.Icon aria-hidden="true" className="size-5" />
        </button>
      ))}
    </div>
  );
}
