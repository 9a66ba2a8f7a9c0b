import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { openSqliteStore } from "../db/sqlite/store";
import { SESSION_COOKIE, openSession, sessionFromRequestHeaders } from "./session";
import { decodeProtectedHeader } from "jose";
import { decodeSessionToken, encodeSessionToken } from "./session-token";

const SECRET = "s".repeat(64);

async function signedInUser() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discock-session-"));
  const store = openSqliteStore(path.join(dir, "store.db"));
  onTestFinished(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const user = await store.insertUser({ username: "vera", email: "vera@example.com", passwordHash: "x", city: "Пермь" });
  const sessionId = await openSession(store, user.id, true, { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ip: "10.9.0.1" });
  return { store, user, sessionId };
}

async function cookieFor(sub: string, sid: string, options: { maxAge?: number; secret?: string } = {}) {
  const jwt = await encode({ token: { sub, sid }, secret: options.secret ?? SECRET, salt: SESSION_COOKIE, maxAge: options.maxAge ?? 3_600 });
  return { cookie: `${SESSION_COOKIE}=${jwt}` };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the session's device", () => {
  test("openSession stores the browser and address it was opened from, seen now", async () => {
    const { store, user, sessionId } = await signedInUser();

    const [stored] = await store.listUserSessions(user.id, new Date());

    expect(stored).toMatchObject({ id: sessionId, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ip: "10.9.0.1" });
    expect(stored?.lastSeenAt?.getTime()).toBeGreaterThan(Date.now() - 5_000);
  });

  test("a checked cookie moves «last seen» only when the stored value is a minute old", async () => {
    const { store, user, sessionId } = await signedInUser();
    const headers = await cookieFor(String(user.id), sessionId);
    const lastSeen = async () => (await store.getLiveSession(sessionId, new Date()))?.lastSeenAt?.getTime();
    const opened = await lastSeen();
    const touch = vi.spyOn(store, "touchSession");

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 30_000 });
    await sessionFromRequestHeaders(store, SECRET, headers);
    expect(await lastSeen()).toBe(opened);
    expect(touch).not.toHaveBeenCalled();

    vi.setSystemTime(Date.now() + 31_000);
    await sessionFromRequestHeaders(store, SECRET, headers);
    expect(await lastSeen()).toBe(Date.now());
    expect(touch).toHaveBeenCalledTimes(1);
  });
});

// Decoded cookies are remembered per process; these prove the memory never outlives what it stands for.
describe("the session cookie decoder", () => {
  test("a cookie keeps working while its session lives, and stops the moment the session is deleted", async () => {
    const { store, user, sessionId } = await signedInUser();
    const headers = await cookieFor(String(user.id), sessionId);

    expect((await sessionFromRequestHeaders(store, SECRET, headers))?.user.id).toBe(user.id);
    expect((await sessionFromRequestHeaders(store, SECRET, headers))?.sessionId).toBe(sessionId);

    await store.deleteSession(sessionId);
    expect(await sessionFromRequestHeaders(store, SECRET, headers)).toBeNull();
  });

  test("a remembered cookie is refused once its own expiry has passed", async () => {
    const { store, user, sessionId } = await signedInUser();
    const headers = await cookieFor(String(user.id), sessionId, { maxAge: 60 });
    expect(await sessionFromRequestHeaders(store, SECRET, headers)).not.toBeNull();

    // The session row is good for a month; only the token's exp (plus Auth.js's 15 s tolerance) has run out.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 76_000 });
    expect(await sessionFromRequestHeaders(store, SECRET, headers)).toBeNull();
  });

  test("a cookie sealed with another secret, or altered by one character, is refused", async () => {
    const { store, user, sessionId } = await signedInUser();
    const good = await cookieFor(String(user.id), sessionId);
    expect(await sessionFromRequestHeaders(store, SECRET, good)).not.toBeNull();

    const foreign = await cookieFor(String(user.id), sessionId, { secret: "f".repeat(64) });
    expect(await sessionFromRequestHeaders(store, SECRET, foreign)).toBeNull();

    const last = good.cookie.at(-2) === "A" ? "B" : "A";
    const altered = { cookie: `${good.cookie.slice(0, -2)}${last}${good.cookie.at(-1)}` };
    expect(await sessionFromRequestHeaders(store, SECRET, altered)).toBeNull();
  });

  test("a cookie naming another user's session is refused", async () => {
    const { store, user, sessionId } = await signedInUser();
    const other = await store.insertUser({ username: "oleg", email: "oleg@example.com", passwordHash: "x", city: "Тверь" });

    expect(await sessionFromRequestHeaders(store, SECRET, await cookieFor(String(other.id), sessionId))).toBeNull();
    expect((await sessionFromRequestHeaders(store, SECRET, await cookieFor(String(user.id), sessionId)))?.user.username).toBe("vera");
  });
});

describe("decodeSessionToken", () => {
  test("reads exactly what Auth.js seals, as Auth.js's own decoder does", async () => {
    const token = await encode({ token: { sub: "7", sid: "abc", name: "Вера" }, secret: SECRET, salt: SESSION_COOKIE });
    const ours = await decodeSessionToken({ token, secret: SECRET, salt: SESSION_COOKIE });
    expect(ours).toEqual(await decode({ token, secret: SECRET, salt: SESSION_COOKIE }));
    expect(ours).toMatchObject({ sub: "7", sid: "abc", name: "Вера" });
    // Remembered, and still the same claims.
    expect(await decodeSessionToken({ token, secret: SECRET, salt: SESSION_COOKIE })).toEqual(ours);
  });

  test("tries each secret in a rotation list, and refuses the wrong cookie name as salt", async () => {
    const token = await encode({ token: { sub: "8", sid: "def" }, secret: SECRET, salt: SESSION_COOKIE });
    expect(await decodeSessionToken({ token, secret: ["n".repeat(64), SECRET], salt: SESSION_COOKIE })).toMatchObject({ sub: "8" });
    await expect(decodeSessionToken({ token, secret: SECRET, salt: `__Secure-${SESSION_COOKIE}` })).rejects.toThrow();
    await expect(decodeSessionToken({ token, secret: "n".repeat(64), salt: SESSION_COOKIE })).rejects.toThrow();
  });
});

describe("encodeSessionToken", () => {
  test("seals with A256GCM under Auth.js's key, so Auth.js's decoder and ours both read it", async () => {
    const token = await encodeSessionToken({ token: { sub: "9", sid: "ghi" }, secret: SECRET, salt: SESSION_COOKIE, maxAge: 600 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "dir", enc: "A256GCM", kid: expect.any(String) as string });

    const theirs = await decode({ token, secret: SECRET, salt: SESSION_COOKIE });
    expect(theirs).toMatchObject({ sub: "9", sid: "ghi", jti: expect.any(String) as string });
    expect((theirs?.exp ?? 0) - (theirs?.iat ?? 0)).toBe(600);
    expect(await decodeSessionToken({ token, secret: SECRET, salt: SESSION_COOKIE })).toEqual(theirs);
    await expect(decode({ token, secret: "n".repeat(64), salt: SESSION_COOKIE })).rejects.toThrow();
  });

  test("a sealed cookie opens a session like a cookie from Auth.js's own encoder", async () => {
    const { store, user, sessionId } = await signedInUser();
    const jwt = await encodeSessionToken({ token: { sub: String(user.id), sid: sessionId }, secret: SECRET, salt: SESSION_COOKIE });
    expect((await sessionFromRequestHeaders(store, SECRET, { cookie: `${SESSION_COOKIE}=${jwt}` }))?.user.id).toBe(user.id);
  });
});
