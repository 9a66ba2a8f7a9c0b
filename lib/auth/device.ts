import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A browser that has signed into an account keeps a device cookie naming that account (OWASP's
 * "device cookies" against online guessing). Failed logins lock a username only for browsers without
 * one, so a stranger guessing someone's password cannot lock its owner out of their own browser;
 * each trusted browser still has its own budget of attempts.
 */
export const DEVICE_COOKIE = "discock-device";
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

function signature(secret: string, accountKey: string, nonce: string): string {
  return createHmac("sha256", secret).update(`discock device\n${accountKey}\n${nonce}`).digest("base64url");
}

/** A new device token for the account whose folded username is `accountKey`. */
export function issueDeviceToken(secret: string, accountKey: string): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${Buffer.from(accountKey).toString("base64url")}.${nonce}.${signature(secret, accountKey, nonce)}`;
}

/** The device's id when the token was issued by this server for this account, else null. */
export function trustedDeviceId(secret: string, token: string | undefined, accountKey: string): string | null {
  const [account, nonce, given] = token?.split(".") ?? [];
  if (!account || !nonce || !given || Buffer.from(account, "base64url").toString() !== accountKey) return null;
  const expected = Buffer.from(signature(secret, accountKey, nonce));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? nonce : null;
}

/** The cookie's value in a Cookie header, if any. */
export function deviceTokenFrom(cookieHeader: string | null): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === DEVICE_COOKIE) return value.join("=");
  }
  return undefined;
}
