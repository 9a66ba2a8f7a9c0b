"use client";

import { MessageCircle, ShieldBan, ShieldCheck } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { PresenceUserDto, ProfileDto, RoomDto } from "@/lib/chat/dto";
import { fetchProfile, openDirectRequest, setBlocked } from "@/lib/client/api";
import { formatDate, formatZoneTime } from "@/lib/client/format";
import { useCityName } from "@/lib/client/use-city-name";
import { useMinute } from "@/lib/client/use-minute";
import { Avatar, avatarColor } from "./avatar";
import { FloatingLayer } from "./floating-layer";
import { StatusDot } from "./status-dot";

interface ProfileCardProps {
  /** Who, as the name that was pressed knows them: shown at once, the rest when the profile has loaded. */
  user: PresenceUserDto;
  anchor: HTMLElement;
  meId: number;
  onClose: () => void;
  /** The conversation with this person is there (begun or found): show it. */
  onOpenDirect: (room: RoomDto) => void;
  /** A block changes who may write in a conversation; nothing tells the page, so it asks. */
  onBlockChanged: () => void;
}

const BUTTON = "flex h-10 w-full items-center justify-center gap-2 rounded-[3px] px-3 text-sm font-medium disabled:cursor-wait disabled:opacity-70 max-md:h-11";

/**
 * A person's card, as Discord pops one up beside a name: who they are, where, what time it is there, since when
 * they are here, and the ways to write to them or to stop them writing. Not modal: Escape or a press outside
 * closes it.
 */
export function ProfileCard({ user, anchor, meId, onClose, onOpenDirect, onBlockChanged }: ProfileCardProps) {
  const t = useTranslations("members.profile");
  const status = useTranslations("members.panel");
  const locale = useLocale();
  const cityName = useCityName();
  const now = useMinute();
  const card = useRef<HTMLDivElement>(null);
  const [profile, setProfile] = useState<ProfileDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"message" | "block" | null>(null);

  useEffect(() => {
    card.current?.focus();
  }, []);

  useEffect(() => {
    let current = true;
    void fetchProfile(user.id).then((result) => {
      if (!current) return;
      if (result.ok) setProfile(result.data);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [user.id]);

  async function message() {
    setBusy("message");
    const result = await openDirectRequest([user.username]);
    setBusy(null);
    if (result.ok) onOpenDirect(result.data);
    else setError(result.error);
  }

  async function toggleBlock(shown: ProfileDto) {
    setBusy("block");
    const result = await setBlocked(shown.id, !shown.blocked);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setProfile({ ...shown, blocked: !shown.blocked });
    onBlockChanged();
  }

  const name = profile?.username ?? user.username;
  const city = cityName(profile?.city ?? user.city);
  const localTime = profile?.time_zone ? formatZoneTime(now, locale, profile.time_zone) : null;
  const mine = user.id === meId;

  return (
    <FloatingLayer
      anchor={anchor}
      placement="beside"
      onDismiss={onClose}
      sheetOnPhones
      role="dialog"
      aria-label={t("label", { name })}
      className="w-75 overflow-hidden rounded-lg bg-deep shadow-xl shadow-black/60 max-md:w-full max-md:rounded-b-none"
    >
      <div ref={card} tabIndex={-1} className="outline-none">
        <div aria-hidden="true" className="h-15" style={{ backgroundColor: avatarColor(user.id) }} />
        <div className="px-4 pb-4 max-md:pb-[max(1rem,env(safe-area-inset-bottom))]">
          <div className="relative -mt-10 w-fit rounded-full border-[6px] border-deep">
            <Avatar userId={user.id} name={name} size="lg" />
            {profile ? <StatusDot online={profile.online} ring="border-deep" large /> : null}
          </div>
          <h2 className="mt-2 text-xl font-bold break-words text-ink-strong">{name}</h2>
          <p className="text-sm text-ink">
            {city}
            {profile ? <span className="text-muted"> · {status(profile.online ? "online" : "offline")}</span> : null}
          </p>
          <div className="mt-3 rounded-md bg-panel p-3 text-sm">
            {profile ? (
              <dl className="space-y-2">
                {localTime ? (
                  <div>
                    <dt className="text-xs font-bold tracking-wide text-muted uppercase">{t("local_time")}</dt>
                    <dd className="text-ink">{localTime}</dd>
                  </div>
                ) : null}
                <div>
                  <dt className="text-xs font-bold tracking-wide text-muted uppercase">{t("member_since")}</dt>
                  <dd className="text-ink">{formatDate(new Date(profile.member_since), locale)}</dd>
                </div>
              </dl>
            ) : error ? null : (
              <p className="text-muted">{t("loading")}</p>
            )}
            {error ? (
              <p role="alert" className="text-danger">
                {error}
              </p>
            ) : null}
            {profile?.blocked ? <p className="mt-2 text-muted">{t("blocked")}</p> : null}
          </div>
          {profile && !mine ? (
            <div className="mt-3 flex flex-col gap-2">
              {profile.blocked ? null : (
                <button
                  type="button"
                  onClick={() => void message()}
                  disabled={busy !== null}
                  aria-busy={busy === "message"}
                  className={`${BUTTON} bg-blurple text-white hover:bg-blurple-hover`}
                >
                  <MessageCircle aria-hidden="true" className="size-4" />
                  {t("message")}
                </button>
              )}
              <button
                type="button"
                onClick={() => void toggleBlock(profile)}
                disabled={busy !== null}
                aria-busy={busy === "block"}
                className={`${BUTTON} bg-line text-ink-strong hover:bg-line/70 ${profile.blocked ? "" : "hover:text-danger"}`}
              >
                {profile.blocked ? <ShieldCheck aria-hidden="true" className="size-4" /> : <ShieldBan aria-hidden="true" className="size-4" />}
                {profile.blocked ? t("unblock") : t("block")}
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </FloatingLayer>
  );
}
