import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient } from "./support/api";
import { queryDatabase } from "./support/db";
import { CookieJar, registerAndSignIn, submitForm, submitNamedForm } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

const createRoomIn = (jar: CookieJar, headers: Record<string, string>) =>
  fetch(new URL("/api/rooms", server.url), {
    method: "POST",
    headers: { cookie: jar.header(), "content-type": "application/json", ...headers },
    body: JSON.stringify({ name: "   " }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }));

const ENGLISH_REFUSAL = {
  error: "Enter a room name",
  code: "invalid_input",
  fields: { name: { code: "room_name_required", message: "Enter a room name" } },
};
const RUSSIAN_REFUSAL = {
  error: "Введите название комнаты",
  code: "invalid_input",
  fields: { name: { code: "room_name_required", message: "Введите название комнаты" } },
};

const savedLocale = (username: string) =>
  queryDatabase<{ locale: string | null }>(server.databaseFile, "select locale from users where username = ?", username)[0]?.locale;

describe("the language of what the server says", () => {
  it("over HTTP follows Accept-Language, its q-values and regions, and is Russian for anything else", async () => {
    const { jar } = await registerAndSignIn(server.url);
    for (const [header, expected] of [
      ["en-US,en;q=0.9", ENGLISH_REFUSAL],
      ["de-DE,de;q=0.9,en;q=0.5", ENGLISH_REFUSAL],
      ["en;q=0.2,ru;q=0.8", RUSSIAN_REFUSAL],
      ["fr-FR", RUSSIAN_REFUSAL],
      ["", RUSSIAN_REFUSAL],
    ] as const) {
      expect(await createRoomIn(jar, { "accept-language": header }), header).toEqual({ status: 400, body: expected });
    }
  });

  it("over HTTP prefers the language cookie to Accept-Language, and ignores a cookie it does not know", async () => {
    const { jar } = await registerAndSignIn(server.url);
    jar.set("discock_locale", "en");
    expect((await createRoomIn(jar, { "accept-language": "ru" })).body).toEqual(ENGLISH_REFUSAL);
    jar.set("discock_locale", "xx");
    expect((await createRoomIn(jar, { "accept-language": "ru" })).body).toEqual(RUSSIAN_REFUSAL);
  });

  it("says «sign in» to a visitor without a session in their own language", async () => {
    const response = await fetch(new URL("/api/rooms", server.url), { headers: { "accept-language": "en" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Sign in to continue", code: "unauthorized" });
  });

  it("on a socket follows the handshake's language", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const english = await connectAs(server.url, jar, { "accept-language": "en-GB" });
    const russian = await connectAs(server.url, jar);
    const refusalOn = async (socket: typeof english) => (await emitRaw(socket, "join_room", { room_id: 999_999_999 })) as AckResult<object>;

    expect(await refusalOn(english)).toEqual({ ok: false, error: { code: "not_found", message: "Room not found" } });
    expect(await refusalOn(russian)).toEqual({ ok: false, error: { code: "not_found", message: "Комната не найдена" } });
    english.disconnect();
    russian.disconnect();
  });

  it("once chosen in the settings, is saved to the account, switches its open sockets and follows it to a new browser", async () => {
    const { jar, user } = await registerAndSignIn(server.url);
    const socket = await connectAs(server.url, jar, { "accept-language": "ru" });
    expect(savedLocale(user.username)).toBeNull();

    const { status } = await submitNamedForm(server.url, "/settings", "Язык", { locale: "en" }, jar);

    expect(status).toBe(200);
    expect(savedLocale(user.username)).toBe("en");
    const refusal = (await emitRaw(socket, "join_room", { room_id: 999_999_999 })) as AckResult<object>;
    expect(refusal).toEqual({ ok: false, error: { code: "not_found", message: "Room not found" } });
    // The saved choice outranks the cookie and the browser's own languages, on any device.
    const elsewhere = await submitForm(server.url, "/login", { username: user.username, password: user.password }, new CookieJar(), {
      "accept-language": "ru",
    });
    expect(elsewhere.jar.get("discock_locale")).toBe("en");
    elsewhere.jar.set("discock_locale", "ru");
    expect((await createRoomIn(elsewhere.jar, { "accept-language": "ru" })).body).toEqual(ENGLISH_REFUSAL);
    const page = await fetch(new URL("/chat", server.url), { headers: { cookie: elsewhere.jar.header(), "accept-language": "ru" } });
    expect(await page.text()).toMatch(/<html lang="en"/);
    socket.disconnect();
  });

  it("refuses a language it does not have, changing nothing", async () => {
    const { jar, user } = await registerAndSignIn(server.url);
    await submitNamedForm(server.url, "/settings", "Язык", { locale: "de" }, jar);
    expect(savedLocale(user.username)).toBeNull();
    expect((await apiClient(server.url, jar).get("/api/rooms")).status).toBe(200);
  });
});
