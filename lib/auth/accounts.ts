import { foldKey } from "../db/keys";
import { isUniqueViolation, type Store, type User } from "../db/types";
import { ChatError, isChatError } from "../errors";
import type { Throttles } from "../limits";
import { parseInput } from "../validation";
import { isCommonPassword } from "./common-passwords";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { loginSchema, passwordSchema, registerSchema } from "./schemas";

export const LOGIN_FAILED_MESSAGE = "Неверное имя пользователя или пароль";

const DUPLICATE_MESSAGES = {
  username: "Пользователь с таким именем уже существует",
  email: "Пользователь с таким email уже существует",
} as const;

const COMMON_PASSWORD_MESSAGE = "Этот пароль слишком распространён — придумайте другой";

function assertUncommonPassword(password: string) {
  if (isCommonPassword(password)) {
    throw new ChatError("invalid_input", COMMON_PASSWORD_MESSAGE, { fields: { password: COMMON_PASSWORD_MESSAGE } });
  }
}

type AccountThrottles = Pick<Throttles, "registrationsByIp" | "loginFailuresByUsername" | "loginFailuresByIp">;

/**
 * Creates an account from raw form input; a duplicate name or email is refused by the database's
 * unique index, not by a lookup that could race. Each address may create a few accounts an hour.
 */
export async function registerUser(store: Store, throttles: AccountThrottles, ip: string, input: unknown): Promise<User> {
  const { username, email, password, city } = parseInput(registerSchema, input);
  assertUncommonPassword(password);
  await throttles.registrationsByIp.ensureAvailable(ip);
  try {
    const user = await store.insertUser({ username, email, city, passwordHash: await hashPassword(password) });
    await throttles.registrationsByIp.take(ip);
    return user;
  } catch (err) {
    if (isUniqueViolation(err) && (err.field === "username" || err.field === "email")) {
      const message = DUPLICATE_MESSAGES[err.field];
      throw new ChatError("conflict", message, { cause: err, fields: { [err.field]: message } });
    }
    throw err;
  }
}

/**
 * The active user these credentials belong to, or null. Failures are counted per username and per
 * address whether or not the name exists, and refused the same way, so the answer never tells
 * which names are taken.
 */
export async function signInWithPassword(store: Store, throttles: AccountThrottles, ip: string, input: unknown): Promise<User | null> {
  const parsed = loginSchema.safeParse(input);
  const usernameKey = `user:${parsed.success ? foldKey(parsed.data.username) : ""}`;
  await throttles.loginFailuresByUsername.ensureAvailable(usernameKey);
  await throttles.loginFailuresByIp.ensureAvailable(ip);
  const user = await verifyCredentials(store, input);
  if (user) {
    await throttles.loginFailuresByUsername.reset(usernameKey);
    return user;
  }
  const counted = await Promise.allSettled([
    throttles.loginFailuresByUsername.take(usernameKey),
    throttles.loginFailuresByIp.take(ip),
  ]);
  // Spending the last attempt is not an error here: this answer is "wrong password", the next one "wait".
  for (const outcome of counted) if (outcome.status === "rejected" && !isChatError(outcome.reason)) throw outcome.reason;
  return null;
}

/** The active user these credentials belong to, or null; unknown names cost as much time as wrong passwords. */
async function verifyCredentials(store: Store, input: unknown): Promise<User | null> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const user = await store.getUserByUsername(username);
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  const valid = await verifyPassword(user.passwordHash, password);
  return valid && user.isActive ? user : null;
}

async function requireUserNamed(store: Store, username: string): Promise<User> {
  const user = await store.getUserByUsername(username);
  if (!user) throw new ChatError("not_found", `Пользователь ${username} не найден`);
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
