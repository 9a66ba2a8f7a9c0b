import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoomDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import { apiClient, uniqueName } from "./support/api";
import { generateTestUser, registerAndSignIn, registrationFields, submitForm } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw } from "./support/socket";

// Text that is not text, lookalike names and room limits, on both databases: each refused with a
// clear error, nothing stored, and nothing the server had to call an internal error.

const targets: { name: string; server: RunningServer; databaseUrl: string; drop?: () => Promise<void> }[] = [];

beforeAll(async () => {
  const database = await freshPgDatabase("discock_edges");
  // No periodic session check: a send after a deactivation must be refused by the store itself.
  const env = { RATE_LIMIT_ROOMS: "0", MAX_ROOMS_PER_USER: "3", SESSION_CHECK_SECONDS: "0" };
  const [sqlite, postgres] = await Promise.all([startServer({ env }), startServer({ env: { ...env, DATABASE_URL: database.url } })]);
  targets.push(
    { name: "sqlite", server: sqlite, databaseUrl: `sqlite:///${sqlite.databaseFile}` },
    { name: "postgres", server: postgres, databaseUrl: database.url, drop: () => database.drop() },
  );
}, 120_000);

afterAll(async () => {
  for (const target of targets) {
    await target.server.stop();
    await target.drop?.();
  }
});

const NOT_TEXT = ["\u0000", "\uD800", "\uDFFF", "\uFFFF", "\u0007"];

describe.each(["sqlite", "postgres"])("input edges on %s", (name) => {
  const target = () => {
    const found = targets.find((t) => t.name === name);
    if (!found) throw new Error(`no ${name} server`);
    return found;
  };
  const server = () => target().server;

  it("refuses strings that are not text in every field and path with invalid_input, storing nothing", async () => {
    const { jar } = await registerAndSignIn(server().url);
    const api = apiClient(server().url, jar);
    const room = await api.createRoom(uniqueName("Края"));
    const socket = await connectAs(server().url, jar);

    for (const bad of NOT_TEXT) {
      // JSON.stringify writes lone surrogates as \u escapes, which JSON.parse on the server turns back into them.
      for (const [path, body] of [
        [`/api/messages/${room.id}`, { content: `до${bad}после` }],
        [`/api/messages/${room.id}`, { content: "ок", client_id: `id${bad}12345678` }],
        ["/api/rooms", { name: `комната${bad}` }],
        ["/api/rooms", { name: uniqueName("описание"), description: `текст${bad}` }],
        [`/api/rooms/${room.id}`, { name: `новое${bad}` }],
      ] as const) {
        const method = path.startsWith("/api/rooms/") ? "PATCH" : "POST";
        const answer = await api.call(method, path, body);
        expect({ path, bad: bad.codePointAt(0), status: answer.status, code: (answer.body as { code?: string }).code }).toEqual({
          path,
          bad: bad.codePointAt(0),
          status: 400,
          code: "invalid_input",
        });
      }
      const ack = (await emitRaw(socket, "send_message", { room_id: room.id, content: `x${bad}` })) as AckResult;
      expect(ack).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    }
    // A query string cannot carry a lone surrogate (it decodes to U+FFFD), but it can carry NUL.
    expect((await api.get(`/api/messages/${room.id}?before=1%00`)).status).toBe(400);
    expect((await api.get(`/api/rooms?after=%00`)).status).toBe(400);

    expect(await api.messages(room.id)).toEqual([]);
    expect((await api.get(`/api/rooms`)).body).toContainEqual(room);
    socket.disconnect();
    expect(server().output()).not.toMatch(/unexpected error|invalid byte sequence|22021/);
  });

  it("answers logins and registrations holding NUL as wrong input, never as a server error", async () => {
    const { user } = await registerAndSignIn(server().url);
    const login = await submitForm(server().url, "/login", { username: `${user.username}\u0000`, password: user.password });
    expect(login.response.status).toBe(200);
    expect(login.html).toContain("Неверное имя пользователя или пароль");

    const fresh = generateTestUser();
    for (const field of ["username", "email", "password", "city"] as const) {
      const fields = registrationFields(fresh);
      fields[field] = `${fields[field] ?? ""}\u0000`;
      if (field === "password") fields.password_confirm = `${fresh.password}\u0000`;
      const { response, html } = await submitForm(server().url, "/register", fields);
      expect({ field, status: response.status }).toEqual({ field, status: 200 });
      expect(html).toContain("Текст содержит недопустимые символы");
    }
    const retry = await submitForm(server().url, "/login", { username: fresh.username, password: fresh.password });
    expect(retry.html).toContain("Неверное имя пользователя или пароль");
    expect(server().output()).not.toMatch(/unexpected error|invalid byte sequence|22021/);
  });

  it("refuses room names that hide characters or only look like a taken one", async () => {
    const { jar } = await registerAndSignIn(server().url);
    const api = apiClient(server().url, jar);
    const original = await api.createRoom(uniqueName("Общий чат"));

    const hidden = await api.post("/api/rooms", { name: `${original.name}\u200B` });
    expect(hidden).toMatchObject({ status: 400, body: { code: "invalid_input", fields: { name: { code: "room_name_hidden_characters", message: "В названии есть невидимые или управляющие символы" } } } });
    const omicron = await api.post("/api/rooms", { name: original.name.replace("О", "Ο") });
    expect(omicron).toMatchObject({ status: 409, body: { code: "conflict", error: "Есть комната с очень похожим названием — выберите другое" } });
    const same = await api.post("/api/rooms", { name: original.name.toUpperCase() });
    expect(same).toMatchObject({ status: 409, body: { error: "Комната с таким названием уже существует" } });
    const invisible = await api.post("/api/rooms", { name: "\u200B\u2060" });
    expect(invisible.status).toBe(400);
  });

  it("counts the rooms one user owns, whatever arrives at once", async () => {
    const { jar } = await registerAndSignIn(server().url);
    const api = apiClient(server().url, jar);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post("/api/rooms", { name: uniqueName("Моя") })));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused).toMatchObject({ status: 403, body: { code: "too_many_rooms" } });
    }
    const mine = (await allRoomsOf(api)).filter((r) => answers.some((a) => (a.body as RoomDto).id === r.id));
    expect(mine).toHaveLength(3);
  });

  it("refuses the next send of a user the admin CLI deactivated, and closes that socket", async () => {
    const { user, jar } = await registerAndSignIn(server().url);
    const api = apiClient(server().url, jar);
    const room = await api.createRoom(uniqueName("Сеанс"));
    const socket = await connectAs(server().url, jar);
    expect(await emitRaw(socket, "send_message", { room_id: room.id, content: "до" })).toMatchObject({ ok: true });
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));

    // Another process ends the sessions in the database; this server hears nothing of it.
    const cli = spawnSync(process.execPath, ["dist/admin.js", "deactivate", "--username", user.username], {
      env: { PATH: process.env.PATH, DATABASE_URL: target().databaseUrl, SECRET_KEY: "x".repeat(64) } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    expect(cli.status).toBe(0);

    const ack = (await emitRaw(socket, "send_message", { room_id: room.id, content: "после" })) as AckResult;
    expect(ack).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect(await closed).toBe("io server disconnect");
    const { jar: other } = await registerAndSignIn(server().url);
    expect((await apiClient(server().url, other).messages(room.id)).map((m) => m.content)).toEqual(["до"]);
  });
});

async function allRoomsOf(api: ReturnType<typeof apiClient>): Promise<RoomDto[]> {
  const rooms: RoomDto[] = [];
  for (let after: number | undefined; ; ) {
    const { body } = await api.get(`/api/rooms?limit=200${after === undefined ? "" : `&after=${after}`}`);
    const page = body as RoomDto[];
    rooms.push(...page);
    const last = page.at(-1);
    if (page.length < 200 || !last) return rooms;
    after = last.id;
  }
}
