import { z } from "zod";
import type { Actor, ChatEvents } from "../chat/events";
import type { Store, User } from "../db/types";
import { ChatError } from "../errors";
import type { Throttles } from "../limits";
import { parseInput } from "../validation";
import { assertUncommonPassword } from "./accounts";
import { hashPassword, verifyPassword } from "./password";
import { cityChangeSchema, emailChangeSchema, localeChangeSchema, passwordChangeSchema } from "./schemas";
import type { SessionEvents } from "./session";
import { describeUserAgent, type DeviceKind } from "./user-agent";

export interface ProfileDeps {
  store: Store;
  events: Pick<ChatEvents, "publish">;
  sessionEvents: SessionEvents;
  /** Guesses at the current password are paid for like logins, so a stolen session cannot try them freely. */
  throttles: Pick<Throttles, "loginAttemptsByName">;
}

function signedOut(): never {
  throw new ChatError("unauthorized", "signed_out");
}

/**
 * The current password, checked before a change that would lock the owner out if someone else made
 * it in their open browser. Each check is spent first and given back when it was right (DESIGN, «Spend first»).
 */
async function requireCurrentPassword(deps: ProfileDeps, actor: Actor, password: string): Promise<User> {
  const key = `settings:${actor.id}`;
  await deps.throttles.loginAttemptsByName.take(key);
  const user = await deps.store.getUserById(actor.id);
  if (!user?.isActive) signedOut();
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new ChatError("invalid_input", "current_password_wrong", { fields: { current_password: "current_password_wrong" } });
  }
  await deps.throttles.loginAttemptsByName.refund(key);
  return user;
}

/**
 * A new city, shown at once wherever the person is seen: every connected client hears `user_updated`
 * (presence lists and messages on screen), and lib/realtime updates the sockets' own copy of the user.
 * Messages read the author's city from the users table, so history and new messages follow by themselves.
 */
export async function changeCity(deps: Pick<ProfileDeps, "store" | "events">, actor: Actor, input: unknown): Promise<User> {
  const { city } = parseInput(cityChangeSchema, input);
  const user = await deps.store.updateUserProfile(actor.id, { city });
  if (!user) signedOut();
  deps.events.publish("user_updated", { id: user.id, username: user.username, city: user.city }, { to: "everyone" });
  return user;
}

/**
 * The language the person reads the app in, on every device they sign in to. Their open sockets switch
 * at once, so acks and errors already in flight afterwards come in the new language; pages follow on
 * their next render.
 */
export async function changeLocale(deps: Pick<ProfileDeps, "store" | "sessionEvents">, actor: Actor, input: unknown): Promise<User> {
  const { locale } = parseInput(localeChangeSchema, input);
  const user = await deps.store.updateUserProfile(actor.id, { locale });
  if (!user) signedOut();
  deps.sessionEvents.localeChanged(user.id, locale);
  return user;
}

/**
 * An address is never checked against other accounts: addresses are not unique and a form must not
 * tell who is registered (DESIGN, «What the forms reveal»).
 */
export async function changeEmail(deps: ProfileDeps, actor: Actor, input: unknown): Promise<User> {
  const { email, current_password } = parseInput(emailChangeSchema, input);
  await requireCurrentPassword(deps, actor, current_password);
  const user = await deps.store.updateUserProfile(actor.id, { email });
  if (!user) signedOut();
  return user;
}

/**
 * A new password ends every other session of the user, closing their sockets, and keeps this one: whoever
 * else knew the old password is signed out, the person changing it is not. Returns how many ended.
 */
export async function changePassword(deps: ProfileDeps, actor: Actor, input: unknown): Promise<number> {
  const { password, current_password } = parseInput(passwordChangeSchema, input);
  assertUncommonPassword(password);
  await requireCurrentPassword(deps, actor, current_password);
  await deps.store.setUserPasswordHash(actor.id, await hashPassword(password));
  const ended = await deps.store.deleteUserSessionsExcept(actor.id, actor.sessionId);
  deps.sessionEvents.sessionsEnded(ended);
  return ended.length;
}

/** A signed-in device as its owner sees it in the settings. */
export interface DeviceView {
  id: string;
  /** Rendered as «Chrome на Linux» / "Chrome on Linux" by the settings page. */
  kind: DeviceKind;
  ip: string | null;
  signedInAt: Date;
  lastSeenAt: Date | null;
  current: boolean;
}

/** The user's live sessions, the one they are using first. */
export async function listDevices(store: Store, actor: Actor, now = new Date()): Promise<DeviceView[]> {
  const sessions = await store.listUserSessions(actor.id, now);
  const devices = sessions.map((session) => ({
    id: session.id,
    kind: describeUserAgent(session.userAgent),
    ip: session.ip,
    signedInAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    current: session.id === actor.sessionId,
  }));
  return [...devices.filter((device) => device.current), ...devices.filter((device) => !device.current)];
}

const sessionIdSchema = z.string().min(1).max(200);

/** Ends one of the user's own sessions and closes its sockets; someone else's id is not found, as a missing one. */
export async function endDevice(deps: Pick<ProfileDeps, "store" | "sessionEvents">, actor: Actor, sessionId: unknown): Promise<void> {
  const id = parseInput(sessionIdSchema, sessionId);
  if (!(await deps.store.deleteUserSession(actor.id, id))) throw new ChatError("not_found", "session_not_found");
  deps.sessionEvents.sessionsEnded([id]);
}

/** Signs out every other device of the user; returns how many. */
export async function endOtherDevices(deps: Pick<ProfileDeps, "store" | "sessionEvents">, actor: Actor): Promise<number> {
  const ended = await deps.store.deleteUserSessionsExcept(actor.id, actor.sessionId);
  deps.sessionEvents.sessionsEnded(ended);
  return ended.length;
}
