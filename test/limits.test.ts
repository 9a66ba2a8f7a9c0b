import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { countUsers } from "./support/db";
import { generateTestUser, registerAndSignIn, registrationFields, submitForm } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw, handshakeRefusal } from "./support/socket";

let server: RunningServer;
let registrations: RunningServer;

beforeAll(async () => {
  [server, registrations] = await Promise.all([
    startServer({
      env: {
        MAX_SOCKETS_PER_USER: "2",
        RATE_LIMIT_MESSAGES: "3",
        RATE_LIMIT_MESSAGES_WINDOW: "60",
        RATE_LIMIT_LOGIN_PER_USERNAME: "3",
      },
    }),
    startServer({ env: { RATE_LIMIT_REGISTRATIONS_PER_IP: "2" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([server.stop(), registrations.stop()]);
});

describe("sockets per user", () => {
  it("refuses a connection past the cap and accepts one again when a tab closes", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const first = await connectAs(server.url, jar);
    const second = await connectAs(server.url, jar);
    expect(await handshakeRefusal(server.url, jar)).toBe("too_many_connections");

    const other = await registerAndSignIn(server.url);
    const stranger = await connectAs(server.url, other.jar);
    expect(stranger.connected).toBe(true);

    first.disconnect();
    await expect
      .poll(async () => {
        try {
          const third = await connectAs(server.url, jar);
          third.disconnect();
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    second.disconnect();
    stranger.disconnect();
  });
});

describe("message rate", () => {
  it("lets a burst through, then refuses with rate_limited and when to retry, storing nothing, per user", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const api = apiClient(server.url, jar);
    const room = await api.createRoom(uniqueName("Флуд"));
    const socket = await connectAs(server.url, jar);
    const acks: AckResult<{ message: MessageDto }>[] = [];
    for (let i = 0; i < 12; i++) {
      acks.push((await emitRaw(socket, "send_message", { room_id: room.id, content: `флуд ${i}` })) as AckResult<{ message: MessageDto }>);
    }
    const accepted = acks.filter((ack) => ack.ok).length;
    // 3 a minute plus a burst of twice that.
    expect(accepted).toBe(9);
    const refused = acks.find((ack) => !ack.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", retry_after_ms: expect.any(Number) as number } });
    expect((await api.messages(room.id)).length).toBe(9);

    const overHttp = await fetch(new URL(`/api/messages/${room.id}`, server.url), {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": "application/json" },
      body: JSON.stringify({ content: "и через HTTP" }),
    });
    expect(overHttp.status).toBe(429);
    expect(Number(overHttp.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await overHttp.json()).toMatchObject({ code: "rate_limited" });

    const other = await registerAndSignIn(server.url);
    expect((await apiClient(server.url, other.jar).postMessage(room.id, "мне можно")).content).toBe("мне можно");
    socket.disconnect();
  });
});

describe("login throttling", () => {
  it("refuses further attempts on a username after repeated failures, known or not, with one message", async () => {
    const { user } = await registerAndSignIn(server.url);
    const strangerName = `nobody_${Date.now()}`;
    for (const username of [user.username, strangerName]) {
      for (let i = 0; i < 3; i++) {
        const { html } = await submitForm(server.url, "/login", { username, password: "wrong-password" });
        expect(html).toContain("Неверное имя пользователя или пароль");
      }
      const { html, jar } = await submitForm(server.url, "/login", {
        username: username.toUpperCase(),
        password: username === user.username ? user.password : "wrong-password",
      });
      expect(html).toContain("Слишком много попыток входа");
      expect(jar.get("authjs.session-token")).toBeUndefined();
    }
    const other = await registerAndSignIn(server.url);
    const { response } = await submitForm(server.url, "/login", { username: other.user.username, password: other.user.password });
    expect(response.status).toBe(303);
  });
});

describe("registration throttling", () => {
  it("limits accounts per address, and a forged X-Forwarded-For does not reset it", async () => {
    await registerAndSignIn(registrations.url);
    await registerAndSignIn(registrations.url);
    const before = countUsers(registrations.databaseFile);
    const forgeries: Record<string, string>[] = [{}, { "x-forwarded-for": "203.0.113.7" }, { "x-discock-client-ip": "203.0.113.8" }];
    for (const headers of forgeries) {
      const { html, jar } = await submitForm(registrations.url, "/register", registrationFields(generateTestUser()), undefined, headers);
      expect(html).toContain("Слишком много регистраций с этого адреса");
      expect(jar.get("authjs.session-token")).toBeUndefined();
    }
    expect(countUsers(registrations.databaseFile)).toBe(before);
  });
});
