"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { missingCredentials, registerUser } from "@/lib/auth/accounts";
import { clientIpFrom } from "@/lib/client-ip";
import { signIn } from "@/lib/auth/auth";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S, issueDeviceToken } from "@/lib/auth/device";
import type { AuthFormState } from "@/lib/auth/form-state";
import { issueRegistrationTicket } from "@/lib/auth/registration-ticket";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session";
import { foldKey } from "@/lib/db/keys";
import { fieldMessages, toWireError } from "@/lib/errors";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, type Locale } from "@/lib/i18n/locale";
import { errorText } from "@/lib/i18n/translate";
import { getRuntime } from "@/lib/runtime";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Signs in through Auth.js; without «Запомнить меня» the cookie lives only as long as the browser.
 * The browser is then trusted for this account (lib/auth/device.ts), so failed guesses by others do
 * not lock it out.
 */
async function startSession(credentials: Record<string, string>, username: string, remember: boolean) {
  await signIn("credentials", { ...credentials, remember_me: remember ? "on" : "", redirect: false });
  const jar = await cookies();
  // The language chosen on another device follows the person here, and stays after they sign out.
  const saved = (await getRuntime().store.getUserByUsername(username))?.locale;
  if (saved) jar.set(LOCALE_COOKIE, saved, { sameSite: "lax", path: "/", maxAge: LOCALE_COOKIE_MAX_AGE_S });
  jar.set(DEVICE_COOKIE, issueDeviceToken(getRuntime().config.secret, foldKey(username)), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
  if (remember) return;
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    const cookie = jar.get(name);
    if (cookie) {
      jar.set(name, cookie.value, { httpOnly: true, sameSite: "lax", path: "/", secure: name === SECURE_SESSION_COOKIE });
    }
  }
}

function signInFailure(err: unknown, locale: Locale): string {
  if (err instanceof CredentialsSignin) return errorText(locale, "login_failed");
  // Auth.js wraps what authorize() threw (a database outage, say) in its own error.
  const inner = err instanceof AuthError && err.cause && "err" in err.cause ? err.cause.err : err;
  return toWireError(inner, locale).message;
}

export async function login(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const username = text(form, "username");
  const remember = form.get("remember_me") !== null;
  const values = { username, ...(remember ? { remember_me: "on" } : {}) };
  const password = text(form, "password");
  const locale = await getLocale();
  const missing = missingCredentials({ username, password });
  if (missing) return { fields: Object.fromEntries(Object.entries(missing).map(([name, key]) => [name, errorText(locale, key)])), values };
  try {
    await startSession({ username, password }, username, remember);
  } catch (err) {
    return { error: signInFailure(err, locale), values };
  }
  redirect("/chat");
}

export async function register(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { username: text(form, "username"), email: text(form, "email"), city: text(form, "city") };
  const { store, throttles, config } = getRuntime();
  let user;
  try {
    user = await registerUser(store, throttles, clientIpFrom(await headers()), Object.fromEntries(form));
  } catch (err) {
    const { message, fields } = toWireError(err, await getLocale());
    return { error: message, fields: fieldMessages(fields), values };
  }
  try {
    await startSession({ ticket: issueRegistrationTicket(config.secret, user.id) }, user.username, true);
  } catch {
    // The account exists: never say the registration failed. Signing in by hand is all that is left.
    redirect("/login?registered=1");
  }
  redirect("/chat");
}
