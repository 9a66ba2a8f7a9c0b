"use client";

import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { storedOperationCount } from "@/lib/client/outbox";

const subscribe = () => () => {};

function unsentInThisTab(): number {
  try {
    return storedOperationCount(window.sessionStorage);
  } catch {
    // Storage disabled: nothing could have been kept either.
    return 0;
  }
}

/** Shown on /login to a tab whose session ended while the chat was open (lib/client/api.ts#leaveForLogin). */
export function SessionEndedNotice() {
  const t = useTranslations("chat.session_ended");
  const unsent = useSyncExternalStore(subscribe, unsentInThisTab, () => 0);
  return (
    <div role="status" className="mb-4 rounded-[3px] border border-warning/50 bg-warning/10 px-3 py-2 text-sm text-ink-strong">
      <p className="font-semibold">{t("title")}</p>
      {unsent > 0 ? <p className="mt-1">{t("unsent", { count: unsent })}</p> : null}
    </div>
  );
}
