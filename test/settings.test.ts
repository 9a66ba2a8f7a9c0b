import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceUserDto } from "@/lib/chat/dto";
import { apiClient, uniqueName } from "./support/api";
import { queryDatabase } from "./support/db";
import { CookieJar, registerAndSignIn, submitForm, submitNamedForm, type TestUser } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { collect, connectAs, nextEvent, settle, type ClientSocket } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

const submitSettings = (jar: CookieJar, formLabel: string, fields: Record<string, string>) =>
  submitNamedForm(server.url, "/settings", formLabel, fields, jar);

async function signInAgain(user: TestUser, password = user.password) {
  const { response, jar } = await submitForm(server.url, "/login", { username: user.username, password });
  return response.status === 303 ? jar : null;
}

async function defaultRoomId(jar: CookieJar): Promise<number> {
  const { body } = await apiClient(server.url, jar).get("/api/rooms");
  const room = (body as { id: number; is_default: boolean }[]).find((r) => r.is_default);
  if (!room) throw new Error("no default room");
  return room.id;
}

const join = async (socket: ClientSocket, roomId: number) =>
  (await socket.timeout(5_000).emitWithAck("join_room", { room_id: roomId })) as { ok: boolean; users?: PresenceUserDto[] };

const storedCity = (userId: number) => queryDatabase<{ city: string }>(server.databaseFile, "select city from users where id = ?", userId)[0]?.city;
const sessionIdsOf = (username: string) =>
  queryDatabase<{ id: string }>(
    server.databaseFile,
    "select s.id from sessions s join users u on u.id = s.user_id where u.username = ? order by s.created_at",
    username,
  ).map((row) => row.id);
const roomsStatus = async (jar: CookieJar) => (await fetch(new URL("/api/rooms", server.url), { headers: { cookie: jar.header() } })).status;
const disconnection = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));

describe("/settings", () => {
  it("sends a signed-out visitor to the login form", async () => {
    const response = await fetch(new URL("/settings", server.url), { redirect: "manual" });
    expect([303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toMatch(/\/login$/);
  });

  it("a new city reaches others' presence lists, joins, new messages and history at once", async () => {
    const anna = await registerAndSignIn(server.url);
    const boris = await registerAndSignIn(server.url);
    const annaSocket = await connectAs(server.url, anna.jar);
    const borisSocket = await connectAs(server.url, boris.jar);
    const general = await defaultRoomId(anna.jar);
    await join(annaSocket, general);
    await join(borisSocket, general);
    const annaId = (await apiClient(server.url, anna.jar).postMessage(general, "до переезда")).user_id;
    const updates = collect(borisSocket, "user_updated");

    const { status, html } = await submitSettings(anna.jar, "Город", { city: "  Тверь " });

    expect(status).toBe(200);
    expect(html).toContain("Город сохранён");
    expect(storedCity(annaId)).toBe("Тверь");
    await settle(borisSocket);
    expect(updates).toEqual([{ id: annaId, username: anna.user.username, city: "Тверь" }]);

    // The server's own copy of Anna on her open socket changed too: presence lists and joins are built from it.
    await borisSocket.timeout(5_000).emitWithAck("leave_room", { room_id: general });
    const rejoined = await join(borisSocket, general);
    expect(rejoined.users?.find((u) => u.id === annaId)?.city).toBe("Тверь");
    const room = await apiClient(server.url, boris.jar).createRoom(uniqueName("переезд"));
    await join(borisSocket, room.id);
    const joined = nextEvent(borisSocket, "joined_room", (p) => p.room_id === room.id);
    await join(annaSocket, room.id);
    expect((await joined).user).toEqual({ id: annaId, username: anna.user.username, city: "Тверь" });

    const sent = nextEvent(borisSocket, "new_message", (m) => m.content === "после переезда");
    await annaSocket.timeout(5_000).emitWithAck("send_message", { room_id: room.id, content: "после переезда" });
    expect((await sent).user_city).toBe("Тверь");
    const history = await apiClient(server.url, boris.jar).messages(general);
    expect(history.find((m) => m.content === "до переезда")?.user_city).toBe("Тверь");
    annaSocket.disconnect();
    borisSocket.disconnect();
  });

  it("refuses a city with hidden characters on its field, storing nothing and telling nobody", async () => {
    const anna = await registerAndSignIn(server.url);
    const watcher = await registerAndSignIn(server.url);
    const socket = await connectAs(server.url, watcher.jar);
    const updates = collect(socket, "user_updated");

    const { html } = await submitSettings(anna.jar, "Город", { city: "Мос\u200Bква" });

    expect(html).toContain("В названии города есть невидимые или управляющие символы");
    expect(queryDatabase<{ city: string }>(server.databaseFile, "select city from users where username = ?", anna.user.username)[0]?.city).toBe(anna.user.city);
    await settle(socket);
    expect(updates).toEqual([]);
    socket.disconnect();
  });

  it("a password change keeps this session, signs the other devices out and closes their sockets", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const phone = await signInAgain(user);
    if (!phone) throw new Error("second sign-in failed");
    const here = await connectAs(server.url, jar);
    const phoneSocket = await connectAs(server.url, phone);
    const phoneClosed = disconnection(phoneSocket);
    const newPassword = `${user.password}-new`;

    const wrong = await submitSettings(jar, "Сменить пароль", { current_password: "not-my-password", password: newPassword, password_confirm: newPassword });
    expect(wrong.html).toContain("Неверный текущий пароль");
    expect(await roomsStatus(phone)).toBe(200);

    const changed = await submitSettings(jar, "Сменить пароль", { current_password: user.password, password: newPassword, password_confirm: newPassword });

    expect(changed.html).toContain("Пароль изменён");
    expect(await phoneClosed).toBe("io server disconnect");
    expect(await roomsStatus(phone)).toBe(401);
    expect(await roomsStatus(jar)).toBe(200);
    expect(here.connected).toBe(true);
    expect(await signInAgain(user)).toBeNull();
    expect(await signInAgain(user, newPassword)).not.toBeNull();
    here.disconnect();
  });

  it("an email change asks for the current password and stores any address, even one another account gave", async () => {
    const other = await registerAndSignIn(server.url);
    const { user, jar } = await registerAndSignIn(server.url);
    const emailOf = () => queryDatabase<{ email: string }>(server.databaseFile, "select email from users where username = ?", user.username)[0]?.email;

    const wrong = await submitSettings(jar, "Email", { email: "new@example.com", current_password: "wrong-password" });
    expect(wrong.html).toContain("Неверный текущий пароль");
    expect(emailOf()).toBe(user.email);

    const changed = await submitSettings(jar, "Email", { email: other.user.email, current_password: user.password });
    expect(changed.html).toContain("Email сохранён");
    expect(emailOf()).toBe(other.user.email);
  });
});

describe("sessions API", () => {
  it("ends one of the user's own sessions and closes its socket; someone else's id is not found", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const laptop = await signInAgain(user);
    const stranger = await registerAndSignIn(server.url);
    if (!laptop) throw new Error("second sign-in failed");
    const laptopSocket = await connectAs(server.url, laptop);
    const closed = disconnection(laptopSocket);
    const [, laptopSession] = sessionIdsOf(user.username);
    const [strangersSession] = sessionIdsOf(stranger.user.username);
    const api = apiClient(server.url, jar);

    expect((await api.delete(`/api/sessions/${strangersSession}`)).status).toBe(404);
    expect(await roomsStatus(stranger.jar)).toBe(200);

    expect((await api.delete(`/api/sessions/${laptopSession}`)).status).toBe(204);
    expect(await closed).toBe("io server disconnect");
    expect(await roomsStatus(laptop)).toBe(401);
    expect(await roomsStatus(jar)).toBe(200);
    expect((await api.delete(`/api/sessions/${laptopSession}`)).status).toBe(404);
  });

  it("?others=1 ends every other session and keeps this one", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const others = [await signInAgain(user), await signInAgain(user)];

    const { status, body } = await apiClient(server.url, jar).delete("/api/sessions?others=1");

    expect(status).toBe(200);
    expect(body).toEqual({ ended: 2 });
    for (const other of others) expect(await roomsStatus(other ?? new CookieJar())).toBe(401);
    expect(await roomsStatus(jar)).toBe(200);
    expect(sessionIdsOf(user.username)).toHaveLength(1);
  });

  it("stores the browser and address of each sign-in", async () => {
    const { user } = await registerAndSignIn(server.url);
    const rows = queryDatabase<{ user_agent: string | null; ip: string | null; last_seen_at: number | null }>(
      server.databaseFile,
      "select s.user_agent, s.ip, s.last_seen_at from sessions s join users u on u.id = s.user_id where u.username = ?",
      user.username,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.ip).toBe("127.0.0.1");
    expect(rows[0]?.user_agent).toBeTruthy();
    expect(rows[0]?.last_seen_at).toBeGreaterThan(Date.now() - 60_000);
  });
});
