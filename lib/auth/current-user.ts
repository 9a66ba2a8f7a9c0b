import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { User } from "../db/types";
import { getRuntime } from "../runtime";
import { sessionFromRequestHeaders, type SignedIn } from "./session";

/**
 * The request's session, looked up once however many parts of a page ask (the page itself and its
 * language, i18n/request.ts): React's cache lives as long as one server request.
 */
export const currentSession = cache(async (): Promise<SignedIn | null> => {
  // Reading headers first also tells Next the page is per-request, so it is never prerendered at build time.
  const requestHeaders = await headers();
  const { store, config } = getRuntime();
  return sessionFromRequestHeaders(store, config.secret, requestHeaders);
});

export async function getCurrentUser(): Promise<User | null> {
  return (await currentSession())?.user ?? null;
}

/** For pages and actions that act on the session itself (the settings): the user and their session, or the login form. */
export async function requireSession(): Promise<SignedIn> {
  const session = await currentSession();
  if (!session) redirect("/login");
  return session;
}

/** For pages: the signed-in user, or a redirect to the login form. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}
