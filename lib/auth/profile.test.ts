import { describe, expect, it } from "vitest";
import { openChat, refusal, ROOMY_LIMITS, type ChatHarness } from "../chat/testing/harness";
import type { Limits } from "../env";
import { createThrottles } from "../limits";
import { hashPassword, verifyPassword } from "./password";
import { changeCity, changeEmail, changePassword, endDevice, endOtherDevices, listDevices, type ProfileDeps } from "./profile";
import type { SessionEvents } from "./session";

const PASSWORD = "Kolokolchik-Zvenit-1987";
const NEW_PASSWORD = "Verblyud-Shagaet-2031";

class RecordingSessions implements SessionEvents {
  readonly ended: string[][] = [];
  readonly locales: [number, string][] = [];
  sessionsEnded(sessionIds: string[]) {
    this.ended.push(sessionIds);
  }
  localeChanged(userId: number, locale: string) {
    this.locales.push([userId, locale]);
  }
}

async function setUp(limits: Partial<Limits> = {}) {
  const chat = await openChat();
  const sessions = new RecordingSessions();
  const deps: ProfileDeps = {
    store: chat.store,
    events: chat.events,
    sessionEvents: sessions,
    throttles: createThrottles({ ...ROOMY_LIMITS, ...limits }),
  };
  const user = await chat.store.insertUser({ username: "Vera", email: "vera@example.test", city: "Пермь", passwordHash: await hashPassword(PASSWORD) });
  const open = (id: string, userId = user.id) =>
    chat.store.insertSession({ id, userId, expiresAt: new Date(Date.now() + 3_600_000), userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/141.0 Safari/537.36", ip: "10.0.0.9" });
  await open("here");
  await open("phone");
  await open("laptop");
  return { chat, deps, sessions, user, actor: { id: user.id, sessionId: "here" }, open };
}

const sessionIds = async (chat: ChatHarness, userId: number) => (await chat.store.listUserSessions(userId, new Date())).map((s) => s.id).sort();

describe("changeCity", () => {
  it("stores the normalised city and tells everyone how the person is now seen", async () => {
    const { chat, deps, user, actor } = await setUp();

    await changeCity(deps, actor, { city: "  Ｔомск " });

    expect((await chat.store.getUserById(user.id))?.city).toBe("Tомск");
    expect(chat.events.published).toEqual([
      { event: "user_updated", payload: { id: user.id, username: "Vera", city: "Tомск" }, audience: { to: "everyone" } },
    ]);
  });

  it("stores an empty city as empty, for each reader to show in their language", async () => {
    const { chat, deps, user, actor } = await setUp();
    await changeCity(deps, actor, { city: "   " });
    expect((await chat.store.getUserById(user.id))?.city).toBe("");
  });

  it("refuses hidden characters and an over-long city, changing nothing and telling nobody", async () => {
    const { chat, deps, user, actor } = await setUp();

    const hidden = await refusal(changeCity(deps, actor, { city: "Мос\u200Bква" }), "invalid_input");
    await refusal(changeCity(deps, actor, { city: "к".repeat(101) }), "invalid_input");
    await refusal(changeCity(deps, actor, { city: "a\0b" }), "invalid_input");

    expect(hidden.fields).toEqual({ city: "city_hidden_characters" });
    expect((await chat.store.getUserById(user.id))?.city).toBe("Пермь");
    expect(chat.events.published).toEqual([]);
  });
});

describe("changePassword", () => {
  const change = { current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD };

  it("stores an argon2id hash of the new password and ends the user's other sessions only", async () => {
    const { chat, deps, sessions, user, actor, open } = await setUp();
    const stranger = await chat.store.insertUser({ username: "Oleg", email: "o@example.test", city: "Омск", passwordHash: "x" });
    await open("strangers", stranger.id);

    expect(await changePassword(deps, actor, change)).toBe(2);

    const stored = await chat.store.getUserById(user.id);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored?.passwordHash ?? "", NEW_PASSWORD)).toBe(true);
    expect(await sessionIds(chat, user.id)).toEqual(["here"]);
    expect(await sessionIds(chat, stranger.id)).toEqual(["strangers"]);
    expect(sessions.ended.map((ids) => [...ids].sort())).toEqual([["laptop", "phone"]]);
  });

  it("refuses a wrong current password, a common new one and a mismatched confirmation, each on its field", async () => {
    const { chat, deps, sessions, user, actor } = await setUp();

    const wrong = await refusal(changePassword(deps, actor, { ...change, current_password: "not-my-password" }), "invalid_input");
    const common = await refusal(changePassword(deps, actor, { ...change, password: "password123", password_confirm: "password123" }), "invalid_input");
    const mismatch = await refusal(changePassword(deps, actor, { ...change, password_confirm: "something-else-1" }), "invalid_input");

    expect(wrong.fields).toEqual({ current_password: "current_password_wrong" });
    expect(common.fields).toEqual({ password: "password_common" });
    expect(mismatch.fields).toEqual({ password_confirm: "passwords_differ" });
    expect(await verifyPassword((await chat.store.getUserById(user.id))?.passwordHash ?? "", PASSWORD)).toBe(true);
    expect(await sessionIds(chat, user.id)).toEqual(["here", "laptop", "phone"]);
    expect(sessions.ended).toEqual([]);
  });

  it("counts wrong current passwords against a limit, and gives a right one back", async () => {
    const { deps, actor } = await setUp({ loginFailuresPerUsername: 2 });

    await changeEmail(deps, actor, { email: "a@example.test", current_password: PASSWORD });
    await refusal(changePassword(deps, actor, { ...change, current_password: "guess-one" }), "invalid_input");
    await refusal(changePassword(deps, actor, { ...change, current_password: "guess-two" }), "invalid_input");

    await refusal(changePassword(deps, actor, change), "rate_limited");
  });
});

describe("changeEmail", () => {
  it("stores the new address after the current password, even one another account gave", async () => {
    const { chat, deps, user, actor } = await setUp();
    await chat.store.insertUser({ username: "Other", email: "shared@example.test", city: "Омск", passwordHash: "x" });

    await changeEmail(deps, actor, { email: " Shared@Example.test ", current_password: PASSWORD });

    expect((await chat.store.getUserById(user.id))?.email).toBe("shared@example.test");
  });

  it("refuses a wrong current password and a malformed address, keeping the old one", async () => {
    const { chat, deps, user, actor } = await setUp();

    await refusal(changeEmail(deps, actor, { email: "new@example.test", current_password: "wrong-password" }), "invalid_input");
    const malformed = await refusal(changeEmail(deps, actor, { email: "not-an-address", current_password: PASSWORD }), "invalid_input");

    expect(malformed.fields).toEqual({ email: "email_invalid" });
    expect((await chat.store.getUserById(user.id))?.email).toBe("vera@example.test");
  });
});

describe("devices", () => {
  it("lists the user's sessions with the current one first and its browser named", async () => {
    const { deps, actor } = await setUp();

    const devices = await listDevices(deps.store, actor);

    expect(devices[0]?.id).toBe("here");
    expect(devices.map((device) => device.current)).toEqual([true, false, false]);
    expect(devices.slice(1).map((device) => device.id).sort()).toEqual(["laptop", "phone"]);
    expect(devices[0]).toMatchObject({ kind: { browser: "chrome", system: "Linux" }, ip: "10.0.0.9" });
  });

  it("ends one of the user's own sessions and closes its sockets; someone else's is not found", async () => {
    const { chat, deps, sessions, user, actor, open } = await setUp();
    const stranger = await chat.store.insertUser({ username: "Oleg", email: "o@example.test", city: "Омск", passwordHash: "x" });
    await open("strangers", stranger.id);

    await endDevice(deps, actor, "phone");
    await refusal(endDevice(deps, actor, "strangers"), "not_found");
    await refusal(endDevice(deps, actor, "phone"), "not_found");

    expect(await sessionIds(chat, user.id)).toEqual(["here", "laptop"]);
    expect(await sessionIds(chat, stranger.id)).toEqual(["strangers"]);
    expect(sessions.ended).toEqual([["phone"]]);
  });

  it("ends every other session and keeps this one", async () => {
    const { chat, deps, sessions, user, actor } = await setUp();

    expect(await endOtherDevices(deps, actor)).toBe(2);

    expect(await sessionIds(chat, user.id)).toEqual(["here"]);
    expect(sessions.ended.map((ids) => [...ids].sort())).toEqual([["laptop", "phone"]]);
  });
});
