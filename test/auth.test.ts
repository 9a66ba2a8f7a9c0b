import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUsers, queryDatabase } from "./support/db";
import {
  CookieJar,
  generateTestUser,
  registerAndSignIn,
  registrationFields,
  submitForm,
  type TestUser,
} from "./support/http";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

const get = (path: string, jar?: CookieJar) =>
  fetch(new URL(path, server.url), { redirect: "manual", headers: jar ? { cookie: jar.header() } : {} });

function sessionCookieLine(response: Response) {
  return response.headers.getSetCookie().find((line) => line.startsWith("authjs.session-token="));
}

describe("registration", () => {
  it("creates the account, starts a session and lands on /chat", async () => {
    const { user, jar } = await registerAndSignIn(server.url);

    const health = await get("/api/health", jar);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", db: "ok", redis: "off" });

    const chat = await get("/chat", jar);
    expect(chat.status).toBe(200);
    const html = await chat.text();
    expect(html).toContain(user.username);
    expect(html).toContain(user.city);

    const [row] = queryDatabase<{ username: string; email: string; city: string; password_hash: string }>(
      server.databaseFile,
      "select username, email, city, password_hash from users where username = ?",
      user.username,
    );
    expect(row).toMatchObject({ username: user.username, email: user.email, city: user.city });
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.password_hash).not.toContain(user.password);
  });

  it("stores no city when none is given, for each reader to show as «Не указан» / \"Not specified\"", async () => {
    const { user } = await registerAndSignIn(server.url, generateTestUser({ city: "" }));
    const [row] = queryDatabase<{ city: string }>(server.databaseFile, "select city from users where username = ?", user.username);
    expect(row?.city).toBe("");
  });

  it("refuses a duplicate username in another letter case, creating nothing", async () => {
    const { user } = await registerAndSignIn(server.url, generateTestUser({ username: `Ёжик_${Date.now()}` }));
    const before = countUsers(server.databaseFile);

    const sameName = generateTestUser({ username: user.username.toUpperCase() });
    const byName = await submitForm(server.url, "/register", registrationFields(sameName));
    expect(byName.response.status).toBe(200);
    expect(byName.html).toContain("Пользователь с таким именем уже существует");

    expect(byName.jar.get("authjs.session-token")).toBeUndefined();
    expect(countUsers(server.databaseFile)).toBe(before);
  });

  it("never tells whether an email is registered: an address already given registers as any other", async () => {
    const { user } = await registerAndSignIn(server.url);
    const sameEmail = generateTestUser({ email: user.email.toUpperCase() });

    const { response, jar } = await submitForm(server.url, "/register", registrationFields(sameEmail));

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/chat");
    expect(jar.get("authjs.session-token")).toBeDefined();
  });

  it("refuses a username that only looks like a taken one, and says so", async () => {
    const tag = Date.now().toString(36);
    await registerAndSignIn(server.url, generateTestUser({ username: `victim_${tag}` }));
    const before = countUsers(server.databaseFile);

    const { response, html } = await submitForm(server.url, "/register", registrationFields(generateTestUser({ username: `vіctim_${tag}` })));

    expect(response.status).toBe(200);
    expect(html).toContain("Это имя слишком похоже на уже занятое");
    expect(countUsers(server.databaseFile)).toBe(before);
  });

  const malformed: [string, (user: TestUser) => Record<string, string>, string][] = [
    ["a short username", (u) => ({ ...registrationFields(u), username: "ab" }), "Имя пользователя — от 3 до 80 символов"],
    ["an 81-character username", (u) => ({ ...registrationFields(u), username: "x".repeat(81) }), "от 3 до 80"],
    ["a username with spaces", (u) => ({ ...registrationFields(u), username: "two words" }), "только буквы"],
    ["a malformed email", (u) => ({ ...registrationFields(u), email: "not-an-email" }), "Введите корректный email"],
    ["a 7-character password", (u) => ({ ...registrationFields(u), password: "1234567", password_confirm: "1234567" }), "Пароль — от 8 до 128 символов"],
    ["a 129-character password", (u) => ({ ...registrationFields(u), password: "p".repeat(129), password_confirm: "p".repeat(129) }), "от 8 до 128"],
    ["mismatched passwords", (u) => ({ ...registrationFields(u), password_confirm: `${u.password}!` }), "Пароли не совпадают"],
    ["a 101-character city", (u) => ({ ...registrationFields(u), city: "г".repeat(101) }), "не длиннее 100"],
    ["missing fields", () => ({}), "Имя пользователя — от 3 до 80 символов"],
    ["a common password", (u) => ({ ...registrationFields(u), password: "Qwerty123", password_confirm: "Qwerty123" }), "слишком распространён"],
  ];

  it.each(malformed)("refuses %s with a message in the form and keeps what was typed", async (_case, fields, message) => {
    const user = generateTestUser();
    const before = countUsers(server.databaseFile);
    const sent = fields(user);
    const { response, html, jar } = await submitForm(server.url, "/register", sent);
    expect(response.status).toBe(200);
    expect(html).toContain(message);
    if (sent.email) expect(html).toContain(`value="${sent.email}"`);
    if (sent.password) expect(html).not.toContain(sent.password);
    expect(jar.get("authjs.session-token")).toBeUndefined();
    expect(countUsers(server.databaseFile)).toBe(before);
  });
});

describe("login and logout", () => {
  it("refuses a wrong password and an unknown user with the same message", async () => {
    const { user } = await registerAndSignIn(server.url);
    for (const fields of [
      { username: user.username, password: "wrong-password" },
      { username: `nobody_${Date.now()}`, password: user.password },
    ]) {
      const { response, html, jar } = await submitForm(server.url, "/login", fields);
      expect(response.status).toBe(200);
      expect(html).toContain("Неверное имя пользователя или пароль");
      expect(jar.get("authjs.session-token")).toBeUndefined();
    }
  });

  it("signs in case-insensitively; «Запомнить меня» decides whether the cookie outlives the browser", async () => {
    const { user } = await registerAndSignIn(server.url);

    const remembered = await submitForm(server.url, "/login", {
      username: user.username.toUpperCase(),
      password: user.password,
      remember_me: "on",
    });
    expect(remembered.response.status).toBe(303);
    expect(remembered.response.headers.get("location")).toBe("/chat");
    const persistent = sessionCookieLine(remembered.response);
    expect(persistent).toMatch(/Expires=/i);
    expect(persistent).toMatch(/HttpOnly/i);
    expect(persistent).toMatch(/SameSite=lax/i);

    const forgotten = await submitForm(server.url, "/login", { username: user.username, password: user.password });
    expect(forgotten.response.status).toBe(303);
    const lines = forgotten.response.headers.getSetCookie().filter((line) => line.startsWith("authjs.session-token="));
    const last = lines.at(-1);
    expect(last).toBeDefined();
    expect(last).not.toMatch(/Expires=|Max-Age=/i);
    expect((await get("/chat", forgotten.jar)).status).toBe(200);
    expect(server.output()).not.toContain(user.password);
  });

  it("GET /logout ends the session and redirects to /login", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const logout = await get("/logout", jar);
    expect(logout.status).toBe(303);
    expect(logout.headers.get("location")).toBe("/login");
    jar.store(logout);
    expect(jar.get("authjs.session-token")).toBeUndefined();
    const chat = await get("/chat", jar);
    expect(chat.status).toBe(307);
    expect(chat.headers.get("location")).toMatch(/\/login$/);
  });
});

describe("access", () => {
  it("redirects / by session", async () => {
    const anonymous = await get("/");
    expect(anonymous.headers.get("location")).toMatch(/\/login$/);
    const { jar } = await registerAndSignIn(server.url);
    const signedIn = await get("/", jar);
    expect(signedIn.headers.get("location")).toMatch(/\/chat$/);
  });

  it("sends anonymous visitors of /chat to /login and answers the API with 401 JSON", async () => {
    const chat = await get("/chat");
    expect(chat.status).toBe(307);
    expect(chat.headers.get("location")).toMatch(/\/login$/);

    const rooms = await get("/api/rooms");
    expect(rooms.status).toBe(401);
    expect(await rooms.json()).toEqual({ error: expect.any(String) as string, code: "unauthorized" });
  });

  it("refuses a forged session cookie", async () => {
    const jar = new CookieJar();
    const forged = new Response(null, { headers: { "set-cookie": "authjs.session-token=forged.jwt.value; Path=/" } });
    jar.store(forged);
    expect((await get("/api/rooms", jar)).status).toBe(401);
  });

  it("lists the seeded «Общий чат» to a signed-in user", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const response = await get("/api/rooms", jar);
    expect(response.status).toBe(200);
    const rooms = (await response.json()) as { name: string; is_default: boolean; created_by: number | null }[];
    expect(rooms[0]).toMatchObject({ name: "Общий чат", is_default: true, created_by: null });
  });
});
