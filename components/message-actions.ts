import { CircleUserRound, Pencil, Reply, SmilePlus, Trash2, type LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { MessageDto } from "@/lib/chat/dto";
import { canDelete, canEdit } from "@/lib/client/message-rights";
import { useConversation } from "./conversation-context";
import { usePeople } from "./people-context";

export interface MessageAction {
  key: "react" | "reply" | "profile" | "edit" | "delete";
  label: string;
  Icon: LucideIcon;
  danger: boolean;
  /** `shiftKey`: delete without asking. `anchor`: where the emoji picker opens. */
  run: (how: { shiftKey: boolean; anchor: HTMLElement }) => void;
  /** Offered by the context menu only: the toolbar keeps to acting on the message. */
  menuOnly?: boolean;
}

/** What the toolbar and the context menu of a message offer, in the same order (the menu a little more). */
export function useMessageActions(message: MessageDto): MessageAction[] {
  const t = useTranslations("chat.actions");
  const members = useTranslations("members.menu");
  const conversation = useConversation();
  const { openProfile } = usePeople();
  const { me, room } = conversation;
  const actions: MessageAction[] = [];
  // Reacting, replying and editing are sending, which a timeout or a block stops; deleting is not.
  if (room.permissions.send) {
    actions.push(
      { key: "react", label: t("react"), Icon: SmilePlus, danger: false, run: ({ anchor }) => conversation.openPicker(message, anchor) },
      { key: "reply", label: t("reply"), Icon: Reply, danger: false, run: () => conversation.reply(message) },
    );
  }
  // The keyboard's way to the author's card: their name on the row is left out of the tab order.
  actions.push({
    key: "profile",
    label: members("profile"),
    Icon: CircleUserRound,
    danger: false,
    menuOnly: true,
    run: ({ anchor }) =>
      openProfile({ id: message.user_id, username: message.username, city: message.user_city }, anchor.querySelector<HTMLElement>("[data-author]") ?? anchor),
  });
  if (room.permissions.send && canEdit(message, me.id)) {
    actions.push({ key: "edit", label: t("edit"), Icon: Pencil, danger: false, run: () => conversation.startEdit(message) });
  }
  if (canDelete(message, me.id, room, conversation.roleOf(message.user_id))) {
    actions.push({ key: "delete", label: t("delete"), Icon: Trash2, danger: true, run: ({ shiftKey }) => conversation.remove(message, !shiftKey) });
  }
  return actions;
}
