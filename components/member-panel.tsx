"use client";

import { Ban, Crown, EllipsisVertical, ShieldMinus, ShieldPlus, Timer, TimerOff, UserMinus, X, type LucideIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { MemberDto, RoomDto } from "@/lib/chat/dto";
import { removeTimeout, setMemberRole, type ApiResult } from "@/lib/client/api";
import { formatUntil } from "@/lib/client/format";
import { isTimedOut, memberActions, rosterView, type MemberActionKey, type RosterEntry } from "@/lib/client/roster";
import type { Chat } from "@/lib/client/use-chat";
import { useCityName } from "@/lib/client/use-city-name";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useMinute } from "@/lib/client/use-minute";
import { ActionMenu, type MenuItem } from "./action-menu";
import { Avatar } from "./avatar";
import { InviteForm } from "./invite-form";
import { ModerationDialog, type ModerationKind, type ModerationOutcome, type ModerationRequest } from "./moderation-dialog";
import { usePeople } from "./people-context";
import { StatusDot } from "./status-dot";

export const MEMBER_PANEL_ID = "member-panel";

interface MemberPanelProps {
  room: RoomDto;
  chat: Chat;
  /** Only below the desktop width, where the panel is a drawer over the chat. */
  open: boolean;
  onClose: () => void;
}

const ICONS: Record<MemberActionKey, LucideIcon> = {
  make_moderator: ShieldPlus,
  remove_moderator: ShieldMinus,
  transfer: Crown,
  timeout: Timer,
  remove_timeout: TimerOff,
  kick: UserMinus,
  ban: Ban,
};

const DANGER = new Set<MemberActionKey>(["kick", "ban"]);
const ASKS_FIRST = new Set<MemberActionKey>(["transfer", "timeout", "kick", "ban"]);

const entryId = (userId: number) => `member-${userId}`;

// Grey text brightens on a highlighted entry, as Discord's does: on the lighter background grey is too faint to read.
const LIT = "group-hover:text-ink group-focus-within:text-ink group-data-[active=true]:text-ink";

/**
 * Discord's right column: the room's members grouped by role, online first, each opening their profile card, and,
 * for whoever may moderate them, a menu of what can be done to them. On a phone it is a drawer from the right.
 */
export function MemberPanel({ room, chat, open, onClose }: MemberPanelProps) {
  const t = useTranslations("members");
  const chatWords = useTranslations("chat");
  const { me } = chat.state;
  const roster = chat.state.rosters[room.id];
  const present = chat.state.presence[room.id];
  const view = useMemo(() => rosterView(room, roster, present), [room, roster, present]);
  const [menu, setMenu] = useState<{ member: MemberDto; anchor: HTMLElement } | null>(null);
  const [asking, setAsking] = useState<ModerationRequest | null>(null);
  const now = useMinute();
  const { putMember, dropMember, setNotice, loadMembers } = chat;

  function settle(outcome: ModerationOutcome) {
    if ("member" in outcome) putMember(room.id, outcome.member);
    else dropMember(room.id, outcome.gone);
  }

  async function act(key: MemberActionKey, member: MemberDto) {
    if (ASKS_FIRST.has(key)) return setAsking({ kind: key as ModerationKind, member });
    const result: ApiResult<MemberDto | null> =
      key === "remove_timeout"
        ? await removeTimeout(room.id, member.id)
        : await setMemberRole(room.id, member.id, key === "make_moderator" ? "moderator" : "member");
    if (!result.ok) return setNotice({ kind: "server", text: result.error });
    putMember(room.id, result.data ?? { ...member, timed_out_until: null });
  }

  const menuItems = (member: MemberDto): MenuItem[] =>
    memberActions(room, member, me.id, now.getTime()).map((key) => ({
      key,
      label: t(`menu.${key}`),
      Icon: ICONS[key],
      danger: DANGER.has(key),
      onSelect: () => void act(key, member),
    }));

  return (
    <>
      {open ? <div aria-hidden="true" onClick={onClose} className="fixed inset-0 z-30 bg-black/60 lg:hidden" /> : null}
      <section
        id={MEMBER_PANEL_ID}
        aria-labelledby="members-title"
        // Who is here comes with joining the room over the socket; until then the list may be the server's alone.
        aria-busy={present === undefined}
        className={`fixed inset-y-0 right-0 z-40 flex w-[min(18rem,85vw)] flex-col bg-panel transition-transform duration-200 motion-reduce:transition-none lg:static lg:z-auto lg:w-60 lg:translate-x-0 lg:visible ${
          open ? "visible translate-x-0 shadow-2xl shadow-black/60" : "invisible translate-x-full"
        }`}
      >
        <header className="flex h-12 shrink-0 items-center justify-between gap-2 border-b border-deep px-4 shadow-sm lg:sr-only">
          <h2 id="members-title" className="font-semibold text-ink-strong">
            {t("panel.title")}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={t("panel.close")}
            className="-mr-2 flex size-11 items-center justify-center rounded text-muted hover:bg-line hover:text-ink-strong lg:hidden"
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        </header>
        <div className="min-h-0 flex-1 overflow-y-auto pb-4">
          {room.permissions.invite ? <InviteForm room={room} onInvited={(member) => putMember(room.id, member)} /> : null}
          {roster?.failed ? (
            <p role="alert" className="mx-4 mt-4 text-sm text-muted">
              {t("panel.load_failed")}{" "}
              <button type="button" onClick={() => void loadMembers(room.id)} className="text-link hover:underline max-md:min-h-11">
                {t("panel.retry")}
              </button>
            </p>
          ) : null}
          {present === undefined && roster === undefined ? (
            <p className="px-4 pt-6 text-sm text-muted">{chatWords("presence.loading")}</p>
          ) : (
            view.groups.map((group) => (
              <div key={group.role} className="px-2 pt-6">
                <h3 className="mb-1 truncate pl-2 text-xs font-bold tracking-wide text-muted uppercase">
                  {t(`panel.group_${group.role}`, { count: group.entries.length })}
                </h3>
                <ul className="space-y-0.5">
                  {group.entries.map((entry) => (
                    <MemberEntry
                      key={entry.member.id}
                      entry={entry}
                      me={entry.member.id === me.id}
                      actions={menuItems(entry.member).length > 0}
                      active={menu?.member.id === entry.member.id}
                      now={now}
                      onMenu={(anchor) => setMenu({ member: entry.member, anchor })}
                    />
                  ))}
                </ul>
              </div>
            ))
          )}
          {view.others > 0 ? <p className="px-4 pt-3 text-sm text-muted">{t("panel.others", { count: view.others })}</p> : null}
        </div>
      </section>
      {menu ? (
        <ActionMenu
          label={t("panel.actions", { name: menu.member.username })}
          items={menuItems(menu.member)}
          // Beside the whole entry, over the messages, rather than over the entry's own lines.
          anchor={menu.anchor.closest("li") ?? menu.anchor}
          placement="beside"
          onClose={() => {
            if (menu.anchor.isConnected) menu.anchor.focus();
            setMenu(null);
          }}
        />
      ) : null}
      <ModerationDialog
        request={asking}
        room={room}
        fallbackFocusId={asking ? entryId(asking.member.id) : undefined}
        onClose={() => setAsking(null)}
        onDone={(outcome) => {
          settle(outcome);
          setAsking(null);
        }}
      />
    </>
  );
}

interface MemberEntryProps {
  entry: RosterEntry;
  me: boolean;
  /** Whether the reader may do anything to them: then a menu button shows on hover and focus (always on phones). */
  actions: boolean;
  /** Its menu is open: the menu button stays on screen, to take focus back. */
  active: boolean;
  now: Date;
  onMenu: (anchor: HTMLElement) => void;
}

function MemberEntry({ entry: { member, online }, me, actions, active, now, onMenu }: MemberEntryProps) {
  const t = useTranslations("members.panel");
  const chat = useTranslations("chat");
  const locale = useLocale();
  const cityName = useCityName();
  const hydrated = useHydrated();
  const { openProfile } = usePeople();
  const timedOut = isTimedOut(member, now.getTime()) && member.timed_out_until !== null;
  return (
    <li data-active={active || undefined} className="group flex items-center rounded hover:bg-line/60 focus-within:bg-line/60 data-[active=true]:bg-line/60">
      <button
        id={entryId(member.id)}
        type="button"
        onClick={(event) => openProfile(member, event.currentTarget)}
        className="flex min-w-0 flex-1 items-center gap-3 rounded px-2 py-1.5 text-left max-md:min-h-11"
      >
        <span className={`relative ${online ? "" : "grayscale"}`}>
          <Avatar userId={member.id} name={member.username} size="sm" />
          <StatusDot online={online} ring="border-panel" />
        </span>
        <span className="min-w-0 leading-tight">
          <span className={`flex items-center gap-1 text-[15px] ${online ? "text-ink" : `text-muted ${LIT}`}`}>
            <span className="truncate">{member.username}</span>
            {me ? <span className={`shrink-0 text-muted ${LIT}`}>{chat("presence.you")}</span> : null}
            {member.role === "owner" ? <Crown aria-hidden="true" className="size-3.5 shrink-0 text-warning" /> : null}
          </span>
          <span className={`block truncate text-xs text-muted ${LIT}`}>{chat("place", { city: cityName(member.city) })}</span>
          {timedOut && hydrated ? (
            <span className="flex items-center gap-1 text-xs text-warning">
              <Timer aria-hidden="true" className="size-3 shrink-0" />
              <span className="truncate">{t("timed_out", { time: formatUntil(new Date(member.timed_out_until ?? 0), locale, now) })}</span>
            </span>
          ) : null}
        </span>
        <span className="sr-only">{t(online ? "online" : "offline")}</span>
      </button>
      {actions ? (
        <button
          type="button"
          onClick={(event) => onMenu(event.currentTarget)}
          aria-label={t("actions", { name: member.username })}
          title={t("actions", { name: member.username })}
          aria-haspopup="menu"
          className="invisible mr-1 flex size-8 shrink-0 items-center justify-center rounded text-muted group-hover:visible group-focus-within:visible group-data-[active=true]:visible hover:bg-line hover:text-ink-strong max-md:visible max-md:size-11"
        >
          <EllipsisVertical aria-hidden="true" className="size-4" />
        </button>
      ) : null}
    </li>
  );
}
