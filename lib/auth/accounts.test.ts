import { describe, expect, it } from "vitest";
import { openChat, refusal, ROOMY_LIMITS } from "../chat/testing/harness";
import { foldKey } from "../db/keys";
import type { Limits } from "../env";
import { isChatError } from "../errors";
import { createThrottles } from "../limits";
import { metrics } from "../metrics";
import { registerUser, signInWithPassword, type LoginOrigin } from "./accounts";
import { issueDeviceToken } from "./device";
import { hashPassword } from "./password";

const PASSWORD = "Kolokolchik-Zvenit-1987";
const SECRET = "s".repeat(32);

const form = (username: string, email = `${username}@example.test`) => ({
  username,
  email,
  password: PASSWORD,
  password_confirm: PASSWORD,
  city: "Тверь",
});

function throttles(limits: Partial<Limits>) {
  return createThrottles({ ...ROOMY_LIMITS, ...limits });
}

/** verifyPassword counts every hash it checks here, including the equal work spent on unknown names. */
async function passwordChecks(): Promise<number> {
  return (await metrics().passwordChecks.get()).values[0]?.value ?? 0;
}

const codeOf = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === "fulfilled" ? "ok" : isChatError(outcome.reason) ? outcome.reason.code : String(outcome.reason);

describe("registerUser", () => {
  it("stores the account with a hashed password and an empty city when none is given", async () => {
    const { store } = await openChat();

    const user = await registerUser(store, throttles({}), "10.0.0.1", { ...form("Vasya"), city: "  " });

    expect(await store.getUserByUsername("vasya")).toMatchObject({ id: user.id, username: "Vasya", city: "", isActive: true });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("lets a burst of simultaneous forms from one address create no more accounts than the limit", async () => {
    const chat = await openChat();
    const limited = throttles({ registrationsPerIp: 3 });

    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => registerUser(chat.store, limited, "10.0.0.2", form(`burst${i}`))));

    expect(outcomes.map(codeOf).sort()).toEqual(["ok", "ok", "ok", "rate_limited", "rate_limited", "rate_limited", "rate_limited", "rate_limited"]);
    expect(chat.rows("users")).toBe(3);
    // Another address has its own budget.
    await expect(registerUser(chat.store, limited, "10.0.0.3", form("elsewhere"))).resolves.toMatchObject({ username: "elsewhere" });
  });

  it("spends a registration on every form, even one refused for its content, before looking at it", async () => {
    const chat = await openChat();
    const limited = throttles({ registrationsPerIp: 2 });
    await refusal(registerUser(chat.store, limited, "10.0.0.4", { ...form("x"), password_confirm: "different" }), "invalid_input");
    await refusal(registerUser(chat.store, limited, "10.0.0.4", null), "invalid_input");

    const err = await refusal(registerUser(chat.store, limited, "10.0.0.4", form("honest")), "rate_limited");

    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(chat.rows("users")).toBe(0);
  });

  it("refuses a taken name and a lookalike with different messages, and stores neither", async () => {
    const chat = await openChat();
    const open = throttles({});
    await registerUser(chat.store, open, "10.0.0.5", form("victim1"));

    const taken = await refusal(registerUser(chat.store, open, "10.0.0.5", form("VICTIM1", "other@example.test")), "conflict");
    // A Cyrillic «і»: the same name to a reader.
    const lookalike = await refusal(registerUser(chat.store, open, "10.0.0.5", form("v\u0456ctim1", "third@example.test")), "conflict");

    expect(taken.key).toBe("username_taken");
    expect(lookalike.key).toBe("username_confusable");
    expect(taken.fields).toEqual({ username: taken.key });
    expect(chat.rows("users")).toBe(1);
  });

  it("accepts an email that is already registered, so the form never tells who has an account", async () => {
    const chat = await openChat();
    const open = throttles({});

    await registerUser(chat.store, open, "10.0.0.6", form("first", "Shared@Example.test"));
    await registerUser(chat.store, open, "10.0.0.6", form("second", "shared@example.test"));

    expect(chat.rows("users")).toBe(2);
  });

  it("refuses a common password and hidden characters in the city", async () => {
    const chat = await openChat();
    const open = throttles({});

    await refusal(registerUser(chat.store, open, "10.0.0.7", { ...form("common"), password: "password123", password_confirm: "password123" }), "invalid_input");
    await refusal(registerUser(chat.store, open, "10.0.0.7", { ...form("hidden"), city: "Мос\u200Bква" }), "invalid_input");
    await refusal(registerUser(chat.store, open, "10.0.0.7", { ...form("nul"), city: "a\0b" }), "invalid_input");

    expect(chat.rows("users")).toBe(0);
  });
  it("reports every problem of a form at once, a taken name among them, and still never an email", async () => {
    const chat = await openChat();
    const open = throttles({});
    await registerUser(chat.store, open, "10.0.0.8", form("Taken", "shared@example.test"));

    const err = await refusal(
      registerUser(chat.store, open, "10.0.0.8", {
        ...form("TAKEN", "shared@example.test"),
        password: "password123",
        password_confirm: "password124",
        city: "г".repeat(101),
      }),
      "invalid_input",
    );

    expect(err.fields).toEqual({
      username: "username_taken",
      password: "password_common",
      password_confirm: "passwords_differ",
      city: "city_too_long",
    });
    expect(err.key).toBe(err.fields?.username);
    expect(chat.rows("users")).toBe(1);
  });

});

describe("signInWithPassword", () => {
  async function withAccount(limits: Partial<Limits>) {
    const chat = await openChat();
    const user = await chat.store.insertUser({ username: "Owner", email: "o@example.test", city: "Омск", passwordHash: await hashPassword(PASSWORD) });
    return { store: chat.store, user, throttles: throttles(limits) };
  }
  const stranger: LoginOrigin = { ip: "10.1.0.1", deviceToken: undefined, secret: SECRET };

  it("returns the user for the right password and null for a wrong one or an unknown name", async () => {
    const { store, user, throttles } = await withAccount({});

    expect(await signInWithPassword(store, throttles, stranger, { username: "OWNER", password: PASSWORD })).toMatchObject({ id: user.id });
    expect(await signInWithPassword(store, throttles, stranger, { username: "Owner", password: "wrong-password" })).toBeNull();
    expect(await signInWithPassword(store, throttles, stranger, { username: "nobody", password: PASSWORD })).toBeNull();
  });

  it("checks no more passwords than the limit when a burst of wrong attempts arrives at once", async () => {
    const { store, throttles: limited } = await withAccount({ loginFailuresPerUsername: 3 });
    const checksBefore = await passwordChecks();

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => signInWithPassword(store, limited, { ...stranger, ip: `10.1.1.${i}` }, { username: "owner", password: `guess-${i}-xx` })),
    );

    expect(outcomes.map(codeOf).sort()).toEqual(["ok", "ok", "ok", ...Array<string>(7).fill("rate_limited")]);
    expect(outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value)).toEqual([null, null, null]);
    expect((await passwordChecks()) - checksBefore).toBe(3);
  });

  it("gives the attempt back when the password was right", async () => {
    const { store, user, throttles: limited } = await withAccount({ loginFailuresPerUsername: 2, loginFailuresPerIp: 2 });
    const wrong = { username: "owner", password: "wrong-password" };

    expect(await signInWithPassword(store, limited, stranger, wrong)).toBeNull();
    expect(await signInWithPassword(store, limited, stranger, { username: "owner", password: PASSWORD })).toMatchObject({ id: user.id });
    // Had the right one been kept, the name and the address would both be spent by now.
    expect(await signInWithPassword(store, limited, stranger, wrong)).toBeNull();

    await refusal(signInWithPassword(store, limited, stranger, wrong), "rate_limited");
  });

  it("lets a browser that signed in before through when strangers have locked the name", async () => {
    const { store, user, throttles: limited } = await withAccount({ loginFailuresPerUsername: 2 });
    const checksBefore = await passwordChecks();
    await Promise.allSettled(Array.from({ length: 4 }, (_, i) => signInWithPassword(store, limited, { ...stranger, ip: `10.2.0.${i}` }, { username: "owner", password: "wrong-password" })));
    await refusal(signInWithPassword(store, limited, { ...stranger, ip: "10.2.1.1" }, { username: "owner", password: PASSWORD }), "rate_limited");

    const trusted: LoginOrigin = { ip: "10.2.2.2", deviceToken: issueDeviceToken(SECRET, foldKey("Owner")), secret: SECRET };
    expect(await signInWithPassword(store, limited, trusted, { username: "owner", password: PASSWORD })).toMatchObject({ id: user.id });

    // A token for another account, or signed with another secret, is a stranger's browser.
    const forged: LoginOrigin = { ...trusted, deviceToken: issueDeviceToken("x".repeat(32), foldKey("Owner")) };
    await refusal(signInWithPassword(store, limited, forged, { username: "owner", password: PASSWORD }), "rate_limited");
    expect((await passwordChecks()) - checksBefore).toBe(3);
  });

  it("answers malformed input like a wrong password, paying for it the same way", async () => {
    const { store, throttles: limited } = await withAccount({ loginFailuresPerIp: 1 });
    const checksBefore = await passwordChecks();

    expect(await signInWithPassword(store, limited, stranger, { username: "owner\0", password: PASSWORD })).toBeNull();
    await refusal(signInWithPassword(store, limited, stranger, { username: "owner", password: PASSWORD }), "rate_limited");

    expect((await passwordChecks()) - checksBefore).toBe(1);
  });
});
