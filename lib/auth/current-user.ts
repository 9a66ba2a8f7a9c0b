import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { User } from "../db/types";
import { getRuntime } from "../runtime";
import { sessionFromRequestHeaders, userFromRequestHeaders, type SignedIn } from "./session";

export async function getCurrentUser(): Promise<User | null> {
  // Reading headers first also tells Next the page is per-request, so it is never prerendered at build time.
  const requestHeaders = await headers();
  const { store, config } = getRuntime();
  return userFromRequestHeaders(store, config.secret, requestHeaders);
}

/** For pages and actions that act on the session itself (the settings): the user and their session, or the login form. */
export async function requireSession(): Promise<SignedIn> {
  const requestHeaders = await headers();
  const { store, config } = getRuntime();
  const session = await sessionFromRequestHeaders(store, config.secret, requestHeaders);
  if (!session) redirect("/login");
  return session;
}

/** For pages: the signed-in user, or a redirect to the login form. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}
