"use client";

import { LogOut, MonitorX, Settings } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { PresenceUserDto } from "@/lib/chat/dto";
import { Avatar } from "./avatar";

const MENU_ITEM = "flex min-h-11 w-full items-center gap-2 rounded px-2 text-left text-sm text-ink hover:bg-line hover:text-ink-strong md:min-h-9";

/** What a signed-in person does with their account: settings and the ways to sign out, each with its full name. */
function ProfileMenu() {
  const t = useTranslations("auth");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>("a, button")?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        // The drawer around the card listens for Escape too; this one only closes the menu.
        event.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t("account.menu")}
        title={t("account.menu_hint")}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-ink-strong max-md:size-11"
      >
        <Settings aria-hidden="true" className="size-4" />
      </button>
      {open ? (
        <div
          ref={panel}
          id={panelId}
          className="absolute right-0 bottom-full z-50 mb-2 w-64 rounded-md border border-deep bg-panel p-1.5 shadow-xl shadow-black/50"
        >
          <Link href="/settings" className={MENU_ITEM}>
            <Settings aria-hidden="true" className="size-4 shrink-0" />
            {t("account.settings")}
          </Link>
          <form method="post" action="/logout/everywhere">
            <button type="submit" className={`${MENU_ITEM} text-danger hover:text-danger`}>
              <MonitorX aria-hidden="true" className="size-4 shrink-0" />
              {t("account.logout_everywhere")}
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}

export function UserCard({ me }: { me: PresenceUserDto }) {
  const t = useTranslations("auth");
  const common = useTranslations("common");
  const city = me.city || common("city_unspecified");
  return (
    <aside aria-label={t("account.profile")} className="flex items-center gap-2 bg-deep/60 px-2 py-2">
      <Avatar userId={me.id} name={me.username} size="sm" />
      <div className="min-w-0 flex-1 leading-tight">
        <p className="truncate text-sm font-semibold text-ink-strong" title={me.username}>
          {me.username}
        </p>
        <p className="truncate text-xs text-muted" title={city}>
          📍 {city}
        </p>
      </div>
      <ProfileMenu />
      {/*
        A plain link on purpose: <Link> prefetches, and prefetching /logout would sign the user out.
        An icon like the menu button beside it: worded, and longer in English, it squeezed the name to a few letters.
      */}
      <a
        href="/logout"
        title={t("account.logout")}
        className="flex items-center justify-center rounded p-1.5 text-muted hover:bg-line hover:text-ink-strong max-md:size-11"
      >
        <LogOut aria-hidden="true" className="size-4" />
        <span className="sr-only">{t("account.logout")}</span>
      </a>
    </aside>
  );
}
