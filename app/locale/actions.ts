"use server";

import { cookies } from "next/headers";
import { currentSession } from "@/lib/auth/current-user";
import { changeLocale } from "@/lib/auth/profile";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, isLocale, type Locale } from "@/lib/i18n/locale";
import { getRuntime } from "@/lib/runtime";

/**
 * The language switch on the login, register and settings pages, a form that works without JavaScript
 * too. The cookie carries the choice for this browser; a signed-in person's choice is also saved to their
 * account, so it follows them to every device, and their open sockets switch at once. Answers the
 * language chosen (null for one we do not have, which changes nothing); the page then re-renders in it.
 */
export async function chooseLocale(_previous: Locale | null, form: FormData): Promise<Locale | null> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return null;
  (await cookies()).set(LOCALE_COOKIE, locale, { sameSite: "lax", path: "/", maxAge: LOCALE_COOKIE_MAX_AGE_S });
  const session = await currentSession();
  if (session) await changeLocale(getRuntime(), { id: session.user.id, sessionId: session.sessionId }, { locale });
  return locale;
}
