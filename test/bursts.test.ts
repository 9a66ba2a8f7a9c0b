import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multipartForm, sendTogether, type RawResponse } from "./support/burst";
import { CookieJar, generateTestUser, hiddenFormFields, registerAndSignIn, registrationFields, submitForm } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { startServer, type RunningServer } from "./support/server";

// Bursts of simultaneous requests against the limits that guard logins and registrations, on both
// databases: the attempt is spent before the work it pays for, so no burst gets past the limit.

const METRICS_TOKEN = "bursts-metrics-token-0123456789";
const LIMITS = {
  RATE_LIMIT_LOGIN_PER_USERNAME: "10",
  RATE_LIMIT_LOGIN_PER_IP: "50",
  RATE_LIMIT_REGISTRATIONS_PER_IP: "10",
  METRICS_TOKEN,
  // Each test speaks from an address of its own (X-Forwarded-For), so one test's spent budget is not another's.
  TRUST_PROXY: "true",
};

let addresses = 0;
const newAddress = () => ({ "x-forwarded-for": `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}` });

const WRONG = "Неверное имя пользователя или пароль";
const TOO_MANY_LOGINS = "Слишком много попыток входа";
const TOO_MANY_REGISTRATIONS = "Слишком много регистраций";

interface Target {
  name: string;
  server: RunningServer;
  drop?: () => Promise<void>;
}

const targets: Target[] = [];

beforeAll(async () => {
  const database = await freshPgDatabase("discock_bursts");
  const [sqlite, postgres] = await Promise.all([
    startServer({ env: LIMITS }),
    startServer({ env: { ...LIMITS, DATABASE_URL: database.url } }),
  ]);
  targets.push({ name: "sqlite", server: sqlite }, { name: "postgres", server: postgres, drop: () => database.drop() });
}, 120_000);

afterAll(async () => {
  for (const target of targets) {
    await target.server.stop();
    await target.drop?.();
  }
});

async function passwordChecks(server: RunningServer): Promise<number> {
  const response = await fetch(new URL("/api/metrics", server.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await response.text();
  return Number(/^discock_password_checks_total (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** The same form, posted by `count` browsers at once, each on its own connection and with its own cookies. */
async function postTogether(server: RunningServer, page: string, forms: Record<string, string>[], from: Record<string, string>): Promise<RawResponse[]> {
  const hidden = await hiddenFormFields(server.url, page);
  return sendTogether(
    server.url,
    forms.map((fields) => {
      const { body, contentType } = multipartForm({ ...hidden, ...fields });
      return { method: "POST", path: page, headers: { "content-type": contentType, ...from }, body };
    }),
  );
}

const saying = (responses: RawResponse[], text: string) => responses.filter((r) => r.body.includes(text)).length;
const signedIn = (responses: RawResponse[]) => responses.filter((r) => r.status === 303 && /^location: \/chat/im.test(r.headers)).length;

describe.each(["sqlite", "postgres"])("bursts on %s", (name) => {
  const target = () => {
    const found = targets.find((t) => t.name === name);
    if (!found) throw new Error(`no ${name} server`);
    return found.server;
  };

  it("checks at most the per-name limit of 100 simultaneous logins for one name, the right password among them", async () => {
    const server = target();
    const { user } = await registerAndSignIn(server.url);
    const before = await passwordChecks(server);
    const forms = Array.from({ length: 100 }, (_, i) => ({
      username: user.username,
      password: i === 60 ? user.password : `wrong-${i}-password`,
    }));

    const responses = await postTogether(server, "/login", forms, newAddress());

    const checked = (await passwordChecks(server)) - before;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(10);
    expect(saying(responses, WRONG) + signedIn(responses)).toBe(checked);
    expect(saying(responses, TOO_MANY_LOGINS)).toBe(100 - checked);
  });

  it("checks at most the per-address limit of simultaneous logins spread over many names", async () => {
    const server = target();
    const before = await passwordChecks(server);
    const forms = Array.from({ length: 80 }, (_, i) => ({ username: `nobody_${i}_${Date.now()}`, password: "wrong-password-1" }));

    const responses = await postTogether(server, "/login", forms, newAddress());

    const checked = (await passwordChecks(server)) - before;
    expect(checked).toBeLessThanOrEqual(50);
    expect(saying(responses, WRONG)).toBe(checked);
    expect(saying(responses, TOO_MANY_LOGINS)).toBe(80 - checked);
  });

  it("creates at most the limit of accounts from 30 simultaneous registrations, and every answer is true", async () => {
    const server = target();
    const users = Array.from({ length: 30 }, () => generateTestUser());

    const responses = await postTogether(server, "/register", users.map(registrationFields), newAddress());

    const from = newAddress();
    const created = await Promise.all(
      users.map(
        async (user) =>
          (await submitForm(server.url, "/login", { username: user.username, password: user.password }, new CookieJar(), from)).response.status === 303,
      ),
    );
    expect(created.filter(Boolean).length).toBeLessThanOrEqual(10);
    users.forEach((user, i) => {
      const answer = responses[i];
      // Whoever was told the account exists can sign in with it; whoever was refused has none.
      expect({ user: user.username, created: created[i], answer: answer?.status }).toEqual({
        user: user.username,
        created: answer?.status === 303,
        answer: created[i] ? 303 : 200,
      });
      if (!created[i]) expect(answer?.body).toContain(TOO_MANY_REGISTRATIONS);
    });
  });
});

describe("the owner of a name others guessed at", () => {
  it("still signs in from a browser that signed in before; a new browser waits, and a trusted one has its own budget", async () => {
    const server = targets[0]?.server;
    if (!server) throw new Error("no server");
    const { user, jar: owner } = await registerAndSignIn(server.url);
    expect(owner.get("discock-device")).toBeDefined();

    const attacker = newAddress();
    for (let i = 0; i < 10; i++) {
      const { html } = await submitForm(server.url, "/login", { username: user.username, password: `guess-${i}-wrong` }, new CookieJar(), attacker);
      expect(html).toContain(WRONG);
    }
    const stranger = await submitForm(server.url, "/login", { username: user.username, password: user.password }, new CookieJar(), newAddress());
    expect(stranger.html).toContain(TOO_MANY_LOGINS);
    expect(stranger.jar.get("authjs.session-token")).toBeUndefined();

    const ownersBrowser = new CookieJar();
    ownersBrowser.set("discock-device", owner.get("discock-device") ?? "");
    const back = await submitForm(server.url, "/login", { username: user.username, password: user.password }, ownersBrowser);
    expect(back.response.status).toBe(303);
    expect(back.jar.get("authjs.session-token")).toBeDefined();

    // A stolen device cookie is worth ten guesses, not unlimited ones.
    const thief = new CookieJar();
    thief.set("discock-device", owner.get("discock-device") ?? "");
    for (let i = 0; i < 10; i++) await submitForm(server.url, "/login", { username: user.username, password: `thief-${i}-wrong` }, thief);
    expect((await submitForm(server.url, "/login", { username: user.username, password: user.password }, thief)).html).toContain(TOO_MANY_LOGINS);
    // Another account's device cookie does not vouch for this name.
    const { jar: other } = await registerAndSignIn(server.url);
    const borrowed = new CookieJar();
    borrowed.set("discock-device", other.get("discock-device") ?? "");
    expect((await submitForm(server.url, "/login", { username: user.username, password: user.password }, borrowed)).html).toContain(TOO_MANY_LOGINS);
  });
});
