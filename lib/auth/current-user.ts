import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { User } from "../db/types";
import { getRuntime } from "../runtime";
import { userFromRequestHeaders } from "./session";

export async function getCurrentUser(): Promise<User | null> {
  // Reading headers first also tells Next the page is per-request, so it is never prerendered at build time.
  const requestHeaders = await headers();
  const { store, config } = getRuntime();
  return userFromRequestHeaders(store, config.secret, requestHeaders);
}

/** For pages: the signed-in user, or a redirect to the login form. */
export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}
