"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { LOGIN_FAILED_MESSAGE, registerUser } from "@/lib/auth/accounts";
import { clientIpFrom } from "@/lib/client-ip";
import { signIn } from "@/lib/auth/auth";
import type { AuthFormState } from "@/lib/auth/form-state";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "@/lib/auth/session";
import { toWireError } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";


const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Signs in through Auth.js; without «Запомнить меня» the cookie lives only as long as the browser. */
async function startSession(username: string, password: string, remember: boolean) {
  await signIn("credentials", { username, password, remember_me: remember ? "on" : "", redirect: false });
  if (remember) return;
  const jar = await cookies();
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    const cookie = jar.get(name);
    if (cookie) {
      jar.set(name, cookie.value, { httpOnly: true, sameSite: "lax", path: "/", secure: name === SECURE_SESSION_COOKIE });
    }
  }
}

function signInFailure(err: unknown): string {
  if (err instanceof CredentialsSignin) return LOGIN_FAILED_MESSAGE;
  // Auth.js wraps what authorize() threw (a database outage, say) in its own error.
  const inner = err instanceof AuthError && err.cause && "err" in err.cause ? err.cause.err : err;
  return toWireError(inner).message;
}

export async function login(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const username = text(form, "username");
  const remember = form.get("remember_me") !== null;
  const values = { username, ...(remember ? { remember_me: "on" } : {}) };
  try {
    await startSession(username, text(form, "password"), remember);
  } catch (err) {
    return { error: signInFailure(err), values };
  }
  redirect("/chat");
}

export async function register(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { username: text(form, "username"), email: text(form, "email"), city: text(form, "city") };
  try {
    const { store, throttles } = getRuntime();
    const user = await registerUser(store, throttles, clientIpFrom(await headers()), Object.fromEntries(form));
    await startSession(user.username, text(form, "password"), true);
  } catch (err) {
    const { message, fields } = err instanceof AuthError ? { message: signInFailure(err), fields: undefined } : toWireError(err);
    return { error: message, fields, values };
  }
  redirect("/chat");
}
