import { Pencil, Reply, SmilePlus, Trash2, type LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { MessageDto } from "@/lib/chat/dto";
import { canDelete, canEdit } from "@/lib/client/message-rights";
import { useConversation } from "./conversation-context";

export interface MessageAction {
  key: "react" | "reply" | "edit" | "delete";
  label: string;
  Icon: LucideIcon;
  danger: boolean;
  /** `shiftKey`: delete without asking. `anchor`: where the emoji picker opens. */
  run: (how: { shiftKey: boolean; anchor: HTMLElement }) => void;
}

/** What the toolbar and the context menu of a message both offer, in the same order. */
export function useMessageActions(message: MessageDto): MessageAction[] {
  const t = useTranslations("chat.actions");
  const conversation = useConversation();
  const { me, room } = conversation;
  const actions: MessageAction[] = [];
  // Reacting, replying and editing are sending, which a timeout or a block stops; deleting is not.
  if (room.permissions.send) {
    actions.push(
      { key: "react", label: t("react"), Icon: SmilePlus, danger: false, run: ({ anchor }) => conversation.openPicker(message, anchor) },
      { key: "reply", label: t("reply"), Icon: Reply, danger: false, run: () => conversation.reply(message) },
    );
    if (canEdit(message, me.id)) actions.push({ key: "edit", label: t("edit"), Icon: Pencil, danger: false, run: () => conversation.startEdit(message) });
  }
  if (canDelete(message, me.id, room, conversation.roleOf(message.user_id))) {
    actions.push({ key: "delete", label: t("delete"), Icon: Trash2, danger: true, run: ({ shiftKey }) => conversation.remove(message, !shiftKey) });
  }
  return actions;
}
