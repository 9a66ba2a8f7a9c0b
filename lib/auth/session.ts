import { randomBytes } from "node:crypto";
import { getToken } from "next-auth/jwt";
import type { Store, User } from "../db/types";
import type { Locale } from "../i18n/locale";
import { decodeSessionToken } from "./session-token";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

/** A remembered session lasts a month; one that ends with the browser is also ended by the server after a day. */
export const SESSION_TTL_MS = { remembered: 30 * 24 * 3_600_000, browser: 24 * 3_600_000 } as const;

/** How stale a session's «last seen» may be: a write per minute at most, not one per request. */
export const LAST_SEEN_PRECISION_MS = 60_000;

/**
 * What the transports do when a person's sessions change: sockets opened with ended sessions are
 * closed at once, and the person's sockets speak a newly chosen language.
 */
export interface SessionEvents {
  sessionsEnded(sessionIds: string[]): void;
  localeChanged(userId: number, locale: Locale): void;
}

export interface SignedIn {
  user: User;
  sessionId: string;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function cookieHeader(headers: HeaderSource): string {
  if (headers instanceof Headers) return headers.get("cookie") ?? "";
  const value = headers.cookie;
  return Array.isArray(value) ? value.join("; ") : (value ?? "");
}

/**
 * The one decoder of the session cookie, for HTTP requests and Socket.IO handshakes alike: the
 * cookie's JWT names a server-side session, which must still exist, belong to that user, and
 * that user must be active. Deleting the session row therefore revokes every copy of the cookie.
 */
export async function sessionFromRequestHeaders(store: Store, secret: string, headers: HeaderSource): Promise<SignedIn | null> {
  const cookie = cookieHeader(headers);
  if (!cookie.includes(SESSION_COOKIE)) return null;
  // Browsers only keep __Secure- cookies set over HTTPS, so its presence says which name Auth.js used.
  const secureCookie = cookie.includes(SECURE_SESSION_COOKIE);
  const token = await getToken({ req: { headers: { cookie } }, secret, secureCookie, decode: decodeSessionToken });
  const sessionId = typeof token?.sid === "string" ? token.sid : null;
  if (!sessionId) return null;
  const now = new Date();
  const live = await store.getLiveSession(sessionId, now);
  if (!live?.user.isActive || String(live.user.id) !== token?.sub) return null;
  // The read above already says when the session was last seen, so most requests write nothing.
  if (!live.lastSeenAt || now.getTime() - live.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS) await store.touchSession(sessionId, now);
  return { user: live.user, sessionId };
}

/** Where a sign-in came from, for the owner's list of devices. */
export interface SessionOrigin {
  userAgent: string | null;
  ip: string | null;
}

/** Long enough for any real browser's User-Agent; a longer one is cut rather than stored whole. */
const USER_AGENT_MAX = 512;

/** A server-side session row; the cookie only names it. */
export async function openSession(store: Store, userId: number, remember: boolean, origin: SessionOrigin): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const ttl = remember ? SESSION_TTL_MS.remembered : SESSION_TTL_MS.browser;
  const now = new Date();
  await store.insertSession({
    id,
    userId,
    expiresAt: new Date(now.getTime() + ttl),
    userAgent: origin.userAgent?.slice(0, USER_AGENT_MAX) || null,
    ip: origin.ip,
    lastSeenAt: now,
  });
  return id;
}

export async function endSession(store: Store, events: SessionEvents, sessionId: string): Promise<void> {
  await store.deleteSession(sessionId);
  events.sessionsEnded([sessionId]);
}

/** «Выйти на всех устройствах»: every browser and socket of this user is signed out. */
export async function endAllSessions(store: Store, events: SessionEvents, userId: number): Promise<number> {
  const ended = await store.deleteUserSessions(userId);
  events.sessionsEnded(ended);
  return ended.length;
}
