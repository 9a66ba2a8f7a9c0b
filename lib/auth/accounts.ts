import { isUniqueViolation, type Store, type User } from "../db/types";
import { ChatError } from "../errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { parseInput } from "../validation";
import { loginSchema, registerSchema } from "./schemas";

export const LOGIN_FAILED_MESSAGE = "Неверное имя пользователя или пароль";

const DUPLICATE_MESSAGES = {
  username: "Пользователь с таким именем уже существует",
  email: "Пользователь с таким email уже существует",
} as const;

/** Creates an account from raw form input; a duplicate name or email is refused by the database's unique index. */
export async function registerUser(store: Store, input: unknown): Promise<User> {
  const { username, email, password, city } = parseInput(registerSchema, input);
  try {
    return await store.insertUser({ username, email, city, passwordHash: await hashPassword(password) });
  } catch (err) {
    if (isUniqueViolation(err) && (err.field === "username" || err.field === "email")) {
      const message = DUPLICATE_MESSAGES[err.field];
      throw new ChatError("conflict", message, { cause: err, fields: { [err.field]: message } });
    }
    throw err;
  }
}

/** The active user these credentials belong to, or null; unknown names cost as much time as wrong passwords. */
export async function verifyCredentials(store: Store, input: unknown): Promise<User | null> {
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
