import { createContext, useContext } from "react";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import type { Reactor } from "@/lib/client/api";
import type { PendingMessage } from "@/lib/client/chat-state";
import type { RoomRole } from "@/lib/client/roster";
import type { Anchor } from "./floating-layer";

/** What a message row may do in the room on screen; RoomConversation provides it. */
export interface Conversation {
  me: PresenceUserDto;
  room: RoomDto;
  editingId: number | null;
  /** The message the composer's next send answers: its row is marked meanwhile. */
  replyingId: number | null;
  /** The message whose menu, picker or confirmation is open: its row keeps its toolbar meanwhile. */
  activeId: number | null;
  startEdit: (message: MessageDto) => void;
  /** The edited text, or null when the edit was cancelled. */
  finishEdit: (message: MessageDto, content: string | null) => void;
  retryEdit: (messageId: number) => void;
  discardEdit: (messageId: number) => void;
  reply: (message: MessageDto) => void;
  /** `confirm`: ask first; Shift held on the button skips the question, as on Discord. */
  remove: (message: MessageDto, confirm: boolean) => void;
  openMenu: (message: MessageDto, anchor: Anchor) => void;
  openPicker: (message: MessageDto, anchor: HTMLElement) => void;
  react: (message: MessageDto, emoji: string, add: boolean) => void;
  /** Who reacted with an emoji, as of the count shown; null when the server could not say. */
  reactors: (message: MessageDto, emoji: string, count: number) => Promise<Reactor[] | null>;
  /** `focus`: the original takes focus (pressed from the keyboard); a mouse reader only needs to see it. */
  jumpTo: (messageId: number, focus: boolean) => void;
  retrySend: (message: PendingMessage) => void;
  discardSend: (message: PendingMessage) => void;
  /** A person's role in the room: null for none, undefined while the member list is not known. */
  roleOf: (userId: number) => RoomRole | null | undefined;
}

export const ConversationContext = createContext<Conversation | null>(null);

export function useConversation(): Conversation {
  const conversation = useContext(ConversationContext);
  if (!conversation) throw new Error("a message row is rendered outside RoomConversation");
  return conversation;
}

/** The id of a message's row, for jumping to it and giving it focus back. */
export const messageRowId = (messageId: number) => `message-${messageId}`;
