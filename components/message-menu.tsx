"use client";

import { useTranslations } from "next-intl";
import type { MessageDto } from "@/lib/chat/dto";
import { ActionMenu } from "./action-menu";
import { messageRowId } from "./conversation-context";
import type { Anchor } from "./floating-layer";
import { useMessageActions } from "./message-actions";

/** The context menu of a message: right-click, the context-menu key or Shift+F10 on a row, a long press on Android. */
export function MessageMenu({ message, anchor, onClose }: { message: MessageDto; anchor: Anchor; onClose: () => void }) {
  const t = useTranslations("chat.actions");
  const actions = useMessageActions(message);
  const items = actions.map((action) => ({
    key: action.key,
    label: action.label,
    Icon: action.Icon,
    danger: action.danger,
    onSelect: (event: { shiftKey: boolean; currentTarget: HTMLElement }) =>
      action.run({ shiftKey: event.shiftKey, anchor: document.getElementById(messageRowId(message.id)) ?? event.currentTarget }),
  }));
  return <ActionMenu label={t("menu")} items={items} anchor={anchor} onClose={onClose} />;
}
