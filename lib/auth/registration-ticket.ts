import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * What signs a new account in right after registration. The password is not checked again: that would
 * spend a login attempt, and a busy address would then be told its registration failed although the
 * account exists. The ticket never leaves the server (the registration action hands it straight to
 * Auth.js) and expires quickly, so it proves only that this process has just created the account.
 */
const TICKET_TTL_MS = 30_000;

function signature(secret: string, userId: number, expires: number): string {
  return createHmac("sha256", secret).update(`discock registration\n${userId}\n${expires}`).digest("base64url");
}

export function issueRegistrationTicket(secret: string, userId: number, now = Date.now()): string {
  const expires = now + TICKET_TTL_MS;
  return `${userId}.${expires}.${signature(secret, userId, expires)}`;
}

/** The account a live ticket of this server names, else null. */
export function registeredUserId(secret: string, ticket: unknown, now = Date.now()): number | null {
  if (typeof ticket !== "string") return null;
  const match = /^(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]+)$/.exec(ticket);
  if (!match) return null;
  const [, id = "", expiresText = "", given = ""] = match;
  const userId = Number(id);
  const expires = Number(expiresText);
  if (expires < now) return null;
  const expected = Buffer.from(signature(secret, userId, expires));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}
