"use server";

import { cookies } from "next/headers";
import { currentSession } from "@/lib/auth/current-user";
import { changeLocale } from "@/lib/auth/profile";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, isLocale } from "@/lib/i18n/locale";
import { getRuntime } from "@/lib/runtime";

/**
 * The language switch on the login, register and settings pages. The cookie carries the choice for
 * this browser; a signed-in person's choice is also saved to their account, so it follows them to
 * every device, and their open sockets switch at once. The page re-renders itself afterwards.
 */
export async function chooseLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { sameSite: "lax", path: "/", maxAge: LOCALE_COOKIE_MAX_AGE_S });
  const session = await currentSession();
  if (session) await changeLocale(getRuntime(), { id: session.user.id, sessionId: session.sessionId }, { locale });
}
