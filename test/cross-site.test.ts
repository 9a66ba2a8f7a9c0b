import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, type ApiClient } from "./support/api";
import { queryDatabase } from "./support/db";
import { CookieJar, registerAndSignIn, submitForm, type TestUser } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

/** The operator's second hostname; it may write even though it is another site. */
const LISTED = "https://discock.example.net";
const EVIL = "https://evil.example";

let server: RunningServer;
let own: string;
/** Another port of the same host: the same site, a different origin. */
let sibling: string;

beforeAll(async () => {
  server = await startServer({ env: { ALLOWED_ORIGINS: LISTED } });
  own = new URL(server.url).origin;
  sibling = `http://127.0.0.1:${server.port === 65_535 ? 1 : server.port + 1}`;
});

afterAll(async () => {
  await server.stop();
});

interface Victim {
  user: TestUser;
  jar: CookieJar;
  api: ApiClient;
  userId: number;
  ownRoomId: number;
}

async function newVictim(): Promise<Victim> {
  const { user, jar } = await registerAndSignIn(server.url);
  const api = apiClient(server.url, jar);
  const ownRoomId = (await api.createRoom(`комната ${user.username}`)).id;
  const [row] = queryDatabase<{ id: number }>(server.databaseFile, "select id from users where username = ?", user.username);
  if (!row) throw new Error(`${user.username} was not stored`);
  return { user, jar, api, userId: row.id, ownRoomId };
}

const sessionsOf = (victim: Victim) =>
  queryDatabase<{ count: number }>(server.databaseFile, "select count(*) as count from sessions where user_id = ?", victim.userId)[0]?.count;

const defaultRoomId = () =>
  queryDatabase<{ id: number }>(server.databaseFile, "select id from rooms where is_default = 1")[0]?.id ?? 0;

const roomsStatus = async (jar: CookieJar) =>
  (await fetch(new URL("/api/rooms", server.url), { headers: { cookie: jar.header() } })).status;

type Headers = Record<string, string>;

function send(victim: Victim, method: string, path: string, headers: Headers, json?: unknown) {
  return fetch(new URL(path, server.url), {
    method,
    redirect: "manual",
    headers: { cookie: victim.jar.header(), ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

interface Write {
  name: string;
  send: (victim: Victim, headers: Headers) => Promise<Response>;
  /** What the write would change, read from the database. */
  stored: (victim: Victim) => unknown;
}

const writes: Write[] = [
  {
    name: "POST /api/rooms",
    send: (v, h) => send(v, "POST", "/api/rooms", h, { name: `чужая ${v.user.username}` }),
    stored: (v) => queryDatabase(server.databaseFile, "select id from rooms where name = ?", `чужая ${v.user.username}`).length,
  },
  {
    name: "POST /api/messages/<id>",
    send: (v, h) => send(v, "POST", `/api/messages/${defaultRoomId()}`, h, { content: `от имени ${v.user.username}` }),
    stored: (v) => queryDatabase(server.databaseFile, "select id from messages where user_id = ?", v.userId).length,
  },
  {
    name: "PATCH /api/rooms/<id>",
    send: (v, h) => send(v, "PATCH", `/api/rooms/${v.ownRoomId}`, h, { name: `захвачена ${v.user.username}` }),
    stored: (v) => queryDatabase(server.databaseFile, "select name from rooms where id = ?", v.ownRoomId),
  },
  { name: "DELETE /api/sessions", send: (v, h) => send(v, "DELETE", "/api/sessions", h), stored: sessionsOf },
  { name: "POST /logout/everywhere", send: (v, h) => send(v, "POST", "/logout/everywhere", h), stored: sessionsOf },
  { name: "POST /logout", send: (v, h) => send(v, "POST", "/logout", h), stored: sessionsOf },
  {
    name: "the /login server action",
    send: async (v, h) => (await submitForm(server.url, "/login", { username: v.user.username, password: v.user.password }, new CookieJar(), h)).response,
    stored: sessionsOf,
  },
];

const refusedHeaders: [string, () => Headers][] = [
  ["a foreign Origin", () => ({ origin: EVIL })],
  ["a sibling origin on another port", () => ({ origin: sibling, "sec-fetch-site": "same-site" })],
  ["Sec-Fetch-Site: same-site", () => ({ "sec-fetch-site": "same-site" })],
  ["Sec-Fetch-Site: cross-site", () => ({ "sec-fetch-site": "cross-site" })],
  ["Origin: null", () => ({ origin: "null" })],
  ["only a foreign Referer", () => ({ referer: `${EVIL}/page` })],
  ["the app's own Origin with Sec-Fetch-Site: cross-site", () => ({ origin: own, "sec-fetch-site": "cross-site" })],
];

const allowedHeaders: [string, () => Headers][] = [
  ["none of these headers (a client that is not a browser page)", () => ({})],
  ["the app's own Origin", () => ({ origin: own, "sec-fetch-site": "same-origin" })],
  ["only the app's own Referer", () => ({ referer: `${own}/chat` })],
  ["an origin listed in ALLOWED_ORIGINS, even cross-site", () => ({ origin: LISTED, "sec-fetch-site": "cross-site" })],
];

describe.each(writes)("$name", (write) => {
  it("is refused with 403 and changes nothing when it comes from another site or origin", async () => {
    const victim = await newVictim();
    const before = write.stored(victim);
    for (const [label, headers] of refusedHeaders) {
      const response = await write.send(victim, headers());
      expect({ label, status: response.status }).toEqual({ label, status: 403 });
      expect(await response.json()).toEqual({ error: expect.any(String) as string, code: "forbidden" });
      expect({ label, stored: write.stored(victim) }).toEqual({ label, stored: before });
    }
    expect(await roomsStatus(victim.jar)).toBe(200);
  });

  // Next checks a server action's Origin against the Host itself, and knows nothing of ALLOWED_ORIGINS.
  const allowed = write.name === "the /login server action" ? allowedHeaders.slice(0, 3) : allowedHeaders;
  it.each(allowed)("works with %s", async (_label, headers) => {
    const victim = await newVictim();
    const before = write.stored(victim);
    const response = await write.send(victim, headers());
    expect(response.status).toBeLessThan(400);
    expect(write.stored(victim)).not.toEqual(before);
  });
});

describe("JSON bodies", () => {
  const bodies: [string, Headers][] = [
    ["text/plain (what an HTML form can send)", { "content-type": "text/plain" }],
    ["a form encoding", { "content-type": "application/x-www-form-urlencoded" }],
    ["no content type", {}],
  ];

  it.each(bodies)("refuses %s with 415 and stores nothing", async (_label, headers) => {
    const victim = await newVictim();
    const attempts = [
      ["POST", "/api/rooms", { name: `без типа ${victim.user.username}` }],
      ["POST", `/api/messages/${defaultRoomId()}`, { content: "без типа" }],
      ["PATCH", `/api/rooms/${victim.ownRoomId}`, { name: `без типа ${victim.user.username}` }],
    ] as const;
    for (const [method, path, json] of attempts) {
      const response = await fetch(new URL(path, server.url), {
        method,
        headers: { cookie: victim.jar.header(), ...headers },
        body: JSON.stringify(json),
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 415 });
      expect(await response.json()).toEqual({ error: expect.any(String) as string, code: "unsupported_media_type" });
    }
    expect(queryDatabase(server.databaseFile, "select id from rooms where name like 'без типа%'")).toEqual([]);
    expect(queryDatabase(server.databaseFile, "select id from messages where user_id = ?", victim.userId)).toEqual([]);
  });

  it("accepts application/json with a charset", async () => {
    const victim = await newVictim();
    const response = await fetch(new URL(`/api/messages/${defaultRoomId()}`, server.url), {
      method: "POST",
      headers: { cookie: victim.jar.header(), "content-type": "Application/JSON; charset=utf-8" },
      body: JSON.stringify({ content: "с кодировкой" }),
    });
    expect(response.status).toBe(201);
    expect(queryDatabase(server.databaseFile, "select content from messages where user_id = ?", victim.userId)).toEqual([
      { content: "с кодировкой" },
    ]);
  });
});

describe("GET /logout", () => {
  const logout = (victim: Victim, headers: Headers) =>
    fetch(new URL("/logout", server.url), { redirect: "manual", headers: { cookie: victim.jar.header(), ...headers } });

  const notByThePerson: [string, Headers][] = [
    ["a link on another site", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" }],
    ["a link on a sibling origin", { "sec-fetch-site": "same-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" }],
    ["an image on another site", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" }],
    ["an image inside the app", { "sec-fetch-site": "same-origin", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" }],
    ["an old browser following a link on another site", { referer: `${EVIL}/page` }],
  ];

  it.each(notByThePerson)("from %s asks for confirmation and keeps the session", async (_label, headers) => {
    const victim = await newVictim();
    const response = await logout(victim, headers);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/logout/confirm");
    expect(response.headers.getSetCookie().join("\n")).not.toContain("authjs.session-token=;");
    expect(sessionsOf(victim)).toBe(1);
    expect(await roomsStatus(victim.jar)).toBe(200);
  });

  const byThePerson: [string, () => Headers][] = [
    ["typed into the address bar", () => ({ "sec-fetch-site": "none", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" })],
    [
      "the in-app link",
      () => ({ "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", referer: `${own}/chat` }),
    ],
    ["a client without Sec-Fetch headers", () => ({})],
  ];

  it.each(byThePerson)("%s signs out at once", async (_label, headers) => {
    const victim = await newVictim();
    const response = await logout(victim, headers());
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(sessionsOf(victim)).toBe(0);
    expect(await roomsStatus(victim.jar)).toBe(401);
  });

  it("the confirmation page offers a «Выйти» form that posts to /logout, and a way back", async () => {
    const victim = await newVictim();
    const page = await fetch(new URL("/logout/confirm", server.url), { headers: { cookie: victim.jar.header() } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Выйти из Discock?");
    expect(html).toMatch(/<form[^>]*action="\/logout"[^>]*method="post"|<form[^>]*method="post"[^>]*action="\/logout"/);
    expect(html).toContain('href="/chat"');
    expect(sessionsOf(victim)).toBe(1);

    const confirmed = await send(victim, "POST", "/logout", { origin: own, "sec-fetch-site": "same-origin" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/login");
    expect(sessionsOf(victim)).toBe(0);
    expect(await roomsStatus(victim.jar)).toBe(401);
  });

  it("the confirmation page sends a signed-out visitor to the login page", async () => {
    const response = await fetch(new URL("/logout/confirm", server.url), { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login$/);
  });
});
