import { getToken } from "next-auth/jwt";
import type { Store, User } from "../db/types";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

/** A session lasts this long when «Запомнить меня» is ticked; otherwise until the browser closes. */
export const REMEMBERED_SESSION_SECONDS = 30 * 24 * 60 * 60;

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function cookieHeader(headers: HeaderSource): string {
  if (headers instanceof Headers) return headers.get("cookie") ?? "";
  const value = headers.cookie;
  return Array.isArray(value) ? value.join("; ") : (value ?? "");
}

/**
 * The one decoder of the session cookie, for HTTP requests and Socket.IO handshakes alike:
 * the cookie's JWT names a user, who must still exist and be active.
 */
export async function userFromRequestHeaders(store: Store, secret: string, headers: HeaderSource): Promise<User | null> {
  const cookie = cookieHeader(headers);
  if (!cookie.includes(SESSION_COOKIE)) return null;
  // Browsers only keep __Secure- cookies set over HTTPS, so its presence says which name Auth.js used.
  const secureCookie = cookie.includes(SECURE_SESSION_COOKIE);
  const token = await getToken({ req: { headers: { cookie } }, secret, secureCookie });
  const userId = Number(token?.sub);
  if (!Number.isSafeInteger(userId) || userId <= 0) return null;
  const user = await store.getUserById(userId);
  return user?.isActive ? user : null;
}
