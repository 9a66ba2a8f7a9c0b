import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, registerAndSignIn, submitForm, type TestUser } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, handshakeRefusal } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

const roomsStatus = async (jar: CookieJar) =>
  (await fetch(new URL("/api/rooms", server.url), { headers: { cookie: jar.header() } })).status;

function copyOf(jar: CookieJar) {
  const copy = new CookieJar();
  copy.store(new Response(null, { headers: { "set-cookie": `authjs.session-token=${jar.get("authjs.session-token")}` } }));
  return copy;
}

async function signInAgain(user: TestUser) {
  const { response, jar } = await submitForm(server.url, "/login", { username: user.username, password: user.password });
  expect(response.status).toBe(303);
  return jar;
}

function disconnection(socket: Awaited<ReturnType<typeof connectAs>>) {
  return new Promise<string>((resolve) => socket.once("disconnect", resolve));
}

describe("session revocation", () => {
  it("logging out revokes that session everywhere it was copied, and closes its sockets", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const stolen = copyOf(jar);
    const otherDevice = await signInAgain(user);
    const socket = await connectAs(server.url, jar);
    const otherSocket = await connectAs(server.url, otherDevice);
    const closed = disconnection(socket);

    const logout = await fetch(new URL("/logout", server.url), { redirect: "manual", headers: { cookie: jar.header() } });
    expect(logout.status).toBe(303);

    expect(await closed).toBe("io server disconnect");
    expect(await roomsStatus(stolen)).toBe(401);
    expect(await handshakeRefusal(server.url, stolen)).toBe("unauthorized");

    expect(await roomsStatus(otherDevice)).toBe(200);
    expect(otherSocket.connected).toBe(true);
    otherSocket.disconnect();
  });

  it("«log out everywhere» ends every session of the user and closes all their sockets", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const laptop = await signInAgain(user);
    const stranger = (await registerAndSignIn(server.url)).jar;
    const sockets = [await connectAs(server.url, jar), await connectAs(server.url, laptop)];
    const strangerSocket = await connectAs(server.url, stranger);
    const closed = sockets.map(disconnection);

    const response = await fetch(new URL("/api/sessions", server.url), { method: "DELETE", headers: { cookie: jar.header() } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ended: 2 });

    expect(await Promise.all(closed)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(await roomsStatus(jar)).toBe(401);
    expect(await roomsStatus(laptop)).toBe(401);
    expect(await roomsStatus(stranger)).toBe(200);
    expect(strangerSocket.connected).toBe(true);
    strangerSocket.disconnect();
  });

  it("the «Выйти на всех устройствах» form does the same without JavaScript", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const laptop = await signInAgain(user);
    const response = await fetch(new URL("/logout/everywhere", server.url), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), origin: new URL(server.url).origin },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(await roomsStatus(jar)).toBe(401);
    expect(await roomsStatus(laptop)).toBe(401);
  });

  it("a deactivated account can no longer use its session or open a socket", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    expect(await roomsStatus(jar)).toBe(200);
    const db = new Database(server.databaseFile);
    try {
      db.prepare("update users set is_active = 0 where username = ?").run(user.username);
    } finally {
      db.close();
    }
    expect(await roomsStatus(jar)).toBe(401);
    expect(await handshakeRefusal(server.url, jar)).toBe("unauthorized");
    const { html } = await submitForm(server.url, "/login", { username: user.username, password: user.password });
    expect(html).toContain("Неверное имя пользователя или пароль");
  });
});
