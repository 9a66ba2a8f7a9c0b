import { foldKey } from "../db/keys";
import { isUniqueViolation, type Store, type User } from "../db/types";
import { ChatError } from "../errors";
import type { ErrorKey } from "../i18n/catalogue";
import type { Throttle, Throttles } from "../limits";
import { assertText, fieldErrors, fieldWithoutText, parseInput } from "../validation";
import { isCommonPassword } from "./common-passwords";
import { trustedDeviceId } from "./device";
import { registeredUserId } from "./registration-ticket";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { loginSchema, passwordSchema, registerSchema, usernameSchema, type RegisterInput } from "./schemas";

// Usernames are public in the chat, so saying one is taken reveals nothing; emails are never
// confirmed or denied (see registerUser).

export function assertUncommonPassword(password: string) {
  if (isCommonPassword(password)) throw new ChatError("invalid_input", "password_common", { fields: { password: "password_common" } });
}

type AccountThrottles = Pick<Throttles, "registrationsByIp" | "loginAttemptsByName" | "loginAttemptsByDevice" | "loginAttemptsByIp">;

/** The form's fields in the order they are shown, so the summary names the first problem on screen. */
const REGISTER_FIELDS = ["username", "email", "password", "password_confirm", "city"] as const;

/**
 * Every problem of a registration form that can be found without writing: the schema's, a common
 * password, and, when those already refuse the form, a taken username, so one round trip shows them
 * all. Throws invalid_input with one message per field, or returns the parsed form.
 */
async function checkRegistration(store: Store, input: unknown): Promise<RegisterInput> {
  assertText(input);
  const parsed = registerSchema.safeParse(input);
  const fields = parsed.success ? {} : fieldErrors(parsed.error);
  const raw = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const password = parsed.success ? parsed.data.password : raw.password;
  if (!fields.password && typeof password === "string" && isCommonPassword(password)) fields.password = "password_common";
  if (parsed.success && Object.keys(fields).length === 0) return parsed.data;
  // Only when the form is refused anyway: a valid form's name is checked by the insert's unique
  // index, which also catches lookalikes and cannot race. Names are public, so this reveals nothing.
  const username = usernameSchema.safeParse(raw.username);
  if (!fields.username && username.success && (await store.getUserByUsername(username.data))) fields.username = "username_taken";
  const first = REGISTER_FIELDS.map((name) => fields[name]).find(Boolean) ?? fields.form ?? "invalid_input";
  throw new ChatError("invalid_input", first, { fields });
}

/**
 * Creates an account from raw form input. Every form sent spends one of the address's registrations
 * first, whatever its outcome, so neither a burst of simultaneous forms nor probing for taken names
 * gets past the limit. A duplicate or confusable name is refused by the database's unique indexes,
 * not by a lookup that could race. An email address is not unique and is never reported as taken:
 * addresses are not confirmed yet, so uniqueness would only tell strangers who is registered.
 */
export async function registerUser(store: Store, throttles: AccountThrottles, ip: string, input: unknown): Promise<User> {
  await throttles.registrationsByIp.take(ip);
  const { username, email, password, city } = await checkRegistration(store, input);
  try {
    return await store.insertUser({ username, email, city, passwordHash: await hashPassword(password) });
  } catch (err) {
    if (isUniqueViolation(err) && err.field === "username") {
      const message: ErrorKey = err.confusable ? "username_confusable" : "username_taken";
      throw new ChatError("conflict", message, { cause: err, fields: { username: message } });
    }
    throw err;
  }
}

/**
 * What an empty login form lacks, per field, or null when both are filled. Saying so reveals nothing
 * about any account, so it is answered at once, without spending an attempt or checking a password.
 */
export function missingCredentials(input: { username: string; password: string }): Record<string, ErrorKey> | null {
  const missing: Record<string, ErrorKey> = {
    ...(input.username.trim() ? {} : { username: "username_required" }),
    ...(input.password ? {} : { password: "password_required" }),
  };
  return Object.keys(missing).length > 0 ? missing : null;
}

/** Where a login comes from: its address, and the device cookie its browser holds, if any. */
export interface LoginOrigin {
  ip: string;
  deviceToken: string | undefined;
  secret: string;
}

/** Spends one attempt from each budget, in order; if one is exhausted, those already spent are given back. */
async function spendAll(spends: [Throttle, string][]): Promise<void> {
  const spent: [Throttle, string][] = [];
  try {
    for (const [throttle, key] of spends) {
      await throttle.take(key);
      spent.push([throttle, key]);
    }
  } catch (err) {
    await Promise.allSettled(spent.map(([throttle, key]) => throttle.refund(key)));
    throw err;
  }
}

/**
 * The active user these credentials belong to, or null. An attempt is paid for before the password is
 * checked and given back only when it was right, so however many arrive at once, no more than the
 * limit are ever checked. Unknown names cost the same as known ones and are answered the same, so the
 * answer never tells which names exist. A browser that has signed into this account before pays from
 * its own budget instead of the name's, so strangers exhausting the name do not lock its owner out.
 */
export async function signInWithPassword(store: Store, throttles: AccountThrottles, origin: LoginOrigin, input: unknown): Promise<User | null> {
  const parsed = fieldWithoutText(input) ? null : loginSchema.safeParse(input);
  const accountKey = parsed?.success ? foldKey(parsed.data.username) : "";
  const deviceId = trustedDeviceId(origin.secret, origin.deviceToken, accountKey);
  const spends: [Throttle, string][] = [
    [throttles.loginAttemptsByIp, origin.ip],
    deviceId ? [throttles.loginAttemptsByDevice, `device:${deviceId}`] : [throttles.loginAttemptsByName, `user:${accountKey}`],
  ];
  await spendAll(spends);
  const user = parsed?.success ? await verifyCredentials(store, parsed.data) : await failedCheck(input);
  if (user) await Promise.all(spends.map(([throttle, key]) => throttle.refund(key)));
  return user;
}

/** Malformed input is answered as slowly as a wrong password, and the same way. */
async function failedCheck(input: unknown): Promise<null> {
  const password = typeof input === "object" && input !== null && "password" in input ? input.password : "";
  await burnPasswordCheck(typeof password === "string" ? password : "");
  return null;
}

async function verifyCredentials(store: Store, { username, password }: { username: string; password: string }): Promise<User | null> {
  const user = await store.getUserByUsername(username);
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  const valid = await verifyPassword(user.passwordHash, password);
  return valid && user.isActive ? user : null;
}

/** The account a registration ticket names, if it is still active (see registration-ticket.ts). */
export async function userOfRegistrationTicket(store: Store, secret: string, ticket: unknown): Promise<User | null> {
  const userId = registeredUserId(secret, ticket);
  const user = userId === null ? null : await store.getUserById(userId);
  return user?.isActive ? user : null;
}

async function requireUserNamed(store: Store, username: string): Promise<User> {
  const user = await store.getUserByUsername(username);
  if (!user) throw new ChatError("not_found", "user_not_found", { values: { username } });
  return user;
}

/** An operator sets a new password; every session of the user ends, so old cookies stop working. */
export async function resetPassword(store: Store, username: string, password: unknown): Promise<User> {
  const user = await requireUserNamed(store, username);
  const accepted = parseInput(passwordSchema, password);
  assertUncommonPassword(accepted);
  await store.setUserPasswordHash(user.id, await hashPassword(accepted));
  await store.deleteUserSessions(user.id);
  return user;
}

/** Deactivating ends every session; the account keeps its messages and may be activated again. */
export async function setUserActive(store: Store, username: string, active: boolean): Promise<User> {
  const user = await requireUserNamed(store, username);
  await store.setUserActive(user.id, active);
  if (!active) await store.deleteUserSessions(user.id);
  return { ...user, isActive: active };
}
