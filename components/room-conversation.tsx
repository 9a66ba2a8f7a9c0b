"use client";

import { useLocale } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";
import { fetchReactors, type Reactor } from "@/lib/client/api";
import type { RoomTimeline } from "@/lib/client/chat-state";
import { displayedReactions } from "@/lib/client/conversation-state";
import { draftKey } from "@/lib/client/drafts";
import { canReactWith, lastEditable } from "@/lib/client/message-rights";
import { REACTORS_ASKED } from "@/lib/client/reactors";
import type { Chat } from "@/lib/client/use-chat";
import { errorText } from "@/lib/i18n/translate";
import { Composer, COMPOSER_ID } from "./composer";
import { ConversationContext, messageRowId, type Conversation } from "./conversation-context";
import { DeleteMessageDialog } from "./delete-message-dialog";
import type { Anchor } from "./floating-layer";
import { MessageList } from "./message-list";
import { MessageMenu } from "./message-menu";
import { ReactionPicker } from "./reaction-picker";
import { TypingIndicator } from "./typing-indicator";

interface RoomConversationProps {
  room: RoomDto;
  me: PresenceUserDto;
  timeline: RoomTimeline;
  chat: Chat;
}

/** A layer opened for a message, and what had focus before it, to give focus back to. */
interface Opened<A> {
  message: MessageDto;
  anchor: A;
  opener: Element | null;
}

const JUMP_HIGHLIGHT_MS = 2_000;

/** Still on screen to take focus back (a toolbar button shows only while its row is hovered, focused or active). */
const isShown = (element: Element | null): element is HTMLElement =>
  element instanceof HTMLElement && element !== document.body && element.isConnected && element.checkVisibility({ visibilityProperty: true });

function focusBack(opener: Element | null, messageId: number) {
  (isShown(opener) ? opener : document.getElementById(messageRowId(messageId)))?.focus();
}

/** The jumped-to message is marked for a moment, so the eye finds it; a colour fade, not a movement. */
function highlight(row: HTMLElement) {
  row.dataset.highlighted = "true";
  const fade = row.animate([{ backgroundColor: "rgb(240 178 50 / 0.25)" }, { backgroundColor: "rgb(240 178 50 / 0)" }], {
    duration: JUMP_HIGHLIGHT_MS,
    easing: "ease-in",
  });
  fade.onfinish = () => delete row.dataset.highlighted;
}

/**
 * One room's messages and composer, with what the reader does to messages: edit in place, reply, delete, react,
 * and jump to the message a reply answers. Keyed by room, so none of it outlives the room on screen.
 */
export function RoomConversation({ room, me, timeline, chat }: RoomConversationProps) {
  // The error catalogue is not sent to the browser as next-intl messages; errorText has it.
  const locale = useLocale();
  const [editing, setEditing] = useState<{ id: number; fromComposer: boolean } | null>(null);
  const [replyTo, setReplyTo] = useState<MessageDto | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<MessageDto | null>(null);
  const [menu, setMenu] = useState<Opened<Anchor> | null>(null);
  const [picker, setPicker] = useState<Opened<HTMLElement> | null>(null);
  const reactorLists = useRef(new Map<string, Promise<Reactor[] | null>>());
  const jumpTarget = useRef<{ id: number; focus: boolean } | null>(null);
  const { change, setNotice, send, retry, discard, retryEdit, discardEdit, loadOlder, loadAround, loadGap } = chat;
  const roster = chat.state.rosters[room.id];

  const roleOf = useCallback(
    (userId: number) => {
      if (!roster || roster.failed) return undefined;
      const role = roster.members.find((m) => m.id === userId)?.role;
      // A public room's list names only who is here and its owner and moderators: anyone else is a member at most.
      return role ?? null;
    },
    [roster],
  );

  const scrollToJumpTarget = useCallback(() => {
    const target = jumpTarget.current;
    const row = target === null ? null : document.getElementById(messageRowId(target.id));
    if (!target || !row) return;
    jumpTarget.current = null;
    if (target.focus) row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center" });
    highlight(row);
  }, []);

  // A jump to a message that was not loaded ends once the page around it is on screen.
  useEffect(scrollToJumpTarget, [timeline, scrollToJumpTarget]);

  const finishEdit = useCallback(
    (message: MessageDto, content: string | null) => {
      const returnToComposer = editing?.fromComposer ?? false;
      setEditing(null);
      const text = content?.trim();
      if (text === "") setConfirmDelete(message);
      else if (text !== undefined && text !== message.content) change(message, { kind: "edit", content: text });
      if (text !== "") (returnToComposer ? document.getElementById(COMPOSER_ID) : document.getElementById(messageRowId(message.id)))?.focus();
    },
    [change, editing],
  );

  /** Reactions as shown, my changes on their way included: what a toggle and the limit are judged by. */
  const shownReactions = useCallback(
    (message: MessageDto) => displayedReactions(timeline.messages.find((m) => m.id === message.id) ?? message, timeline.changes[message.id]),
    [timeline],
  );

  const react = useCallback(
    (message: MessageDto, emoji: string, add: boolean) => {
      if (add && !canReactWith(shownReactions(message), emoji)) return setNotice({ kind: "server", text: errorText(locale, "too_many_reactions") });
      change(message, { kind: "react", emoji, add });
    },
    [change, setNotice, shownReactions, locale],
  );

  const conversation = useMemo<Conversation>(
    () => ({
      me,
      room,
      editingId: editing?.id ?? null,
      replyingId: replyTo?.id ?? null,
      activeId: (menu ?? picker)?.message.id ?? confirmDelete?.id ?? null,
      startEdit: (message) => setEditing({ id: message.id, fromComposer: false }),
      finishEdit,
      retryEdit,
      discardEdit,
      reply: (message) => {
        setReplyTo(message);
        document.getElementById(COMPOSER_ID)?.focus();
      },
      remove: (message, confirm) => (confirm ? setConfirmDelete(message) : change(message, { kind: "delete" })),
      openMenu: (message, anchor) => {
        const opener = document.activeElement;
        // The context-menu key may be followed by the browser's own contextmenu event for the same row.
        setMenu((open) => (open?.message.id === message.id ? open : { message, anchor, opener }));
      },
      openPicker: (message, anchor) => setPicker({ message, anchor, opener: document.activeElement }),
      react,
      reactors: (message, emoji, count) => {
        const key = `${message.id}:${emoji}:${count}`;
        let list = reactorLists.current.get(key);
        if (!list) {
          list = fetchReactors(message.room_id, message.id, emoji, REACTORS_ASKED).then((result) => {
            if (result.ok) return result.data;
            reactorLists.current.delete(key);
            return null;
          });
          reactorLists.current.set(key, list);
        }
        return list;
      },
      jumpTo: (messageId, focus) => {
        const target = { id: messageId, focus };
        jumpTarget.current = target;
        void loadAround(room.id, messageId).then((present) => {
          if (present) scrollToJumpTarget();
          else if (jumpTarget.current === target) jumpTarget.current = null;
        });
      },
      retrySend: retry,
      discardSend: discard,
      roleOf,
    }),
    [me, room, editing, replyTo, menu, picker, confirmDelete, finishEdit, retryEdit, discardEdit, change, react, loadAround, scrollToJumpTarget, retry, discard, roleOf],
  );

  function closeMenu() {
    if (!menu) return;
    focusBack(menu.opener, menu.message.id);
    setMenu(null);
  }

  function closePicker() {
    if (!picker) return;
    focusBack(picker.opener, picker.message.id);
    setPicker(null);
  }

  function editLast(): boolean {
    const message = lastEditable(timeline, me.id);
    if (message) setEditing({ id: message.id, fromComposer: true });
    return message !== null;
  }

  return (
    <ConversationContext value={conversation}>
      <MessageList
        room={room}
        timeline={timeline}
        me={me}
        onLoadOlder={() => void loadOlder(room.id)}
        onLoadGap={() => void loadGap(room.id)}
      />
      <TypingIndicator typists={chat.state.typing[room.id]} />
      <Composer
        socket={chat.socket}
        room={room}
        myTimeout={roster?.members.find((m) => m.id === me.id)?.timed_out_until ?? null}
        draftKey={draftKey(me.id, room.id)}
        replyTo={replyTo}
        onCancelReply={() => setReplyTo(null)}
        onEditLast={editLast}
        onSend={(content) => {
          send(room.id, content, replyTo?.id);
          setReplyTo(null);
        }}
      />
      <DeleteMessageDialog
        message={confirmDelete}
        fallbackFocusId={confirmDelete ? messageRowId(confirmDelete.id) : undefined}
        onClose={() => setConfirmDelete(null)}
        onConfirm={(message) => {
          change(message, { kind: "delete" });
          setConfirmDelete(null);
        }}
      />
      {menu ? <MessageMenu message={menu.message} anchor={menu.anchor} onClose={closeMenu} /> : null}
      {picker ? (
        <ReactionPicker
          userId={me.id}
          anchor={picker.anchor}
          onClose={closePicker}
          onPick={(emoji) => {
            // As on Discord, picking one of my reactions takes it back.
            const mine = shownReactions(picker.message).some((r) => r.emoji === emoji && r.me);
            react(picker.message, emoji, !mine);
            closePicker();
          }}
        />
      ) : null}
    </ConversationContext>
  );
}
