import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoomDto } from "@/lib/chat/dto";
import { apiClient, uniqueName, type ApiClient } from "./support/api";
import { queryDatabase } from "./support/db";
import { registerAndSignIn } from "./support/http";
import { startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let alice: ApiClient;
let bob: ApiClient;

beforeAll(async () => {
  server = await startServer();
  alice = apiClient(server.url, (await registerAndSignIn(server.url)).jar);
  bob = apiClient(server.url, (await registerAndSignIn(server.url)).jar);
});

afterAll(async () => {
  await server.stop();
});

const count = (table: "rooms" | "messages", where = "1 = 1", ...params: unknown[]) =>
  queryDatabase<{ n: number }>(server.databaseFile, `select count(*) as n from ${table} where ${where}`, ...params)[0]?.n ?? 0;

async function defaultRoom(): Promise<RoomDto> {
  const { body } = await alice.get("/api/rooms");
  const room = (body as RoomDto[]).find((candidate) => candidate.is_default);
  if (!room) throw new Error("no default room");
  return room;
}

const READER = {
  send: true,
  manage: false,
  delete: false,
  invite: false,
  manage_members: false,
  moderate: false,
  set_roles: false,
  leave: false,
  audit: false,
};

describe("rooms over HTTP", () => {
  it("creates a room with its creator and lists it after the default room", async () => {
    const name = uniqueName("Кино");
    const created = await alice.createRoom(name, "  обсуждаем фильмы  ");
    expect(created).toMatchObject({ name, description: "обсуждаем фильмы", is_default: false });
    expect(created.created_by).toBeGreaterThan(0);
    expect(Date.parse(created.created_at)).not.toBeNaN();
    // The creator owns it; everyone else sees the same room with what a reader without a role may do.
    expect(created).toMatchObject({ kind: "public", my_role: "owner", last_message_id: null });
    expect(created.permissions).toEqual({ ...READER, manage: true, delete: true, manage_members: true, moderate: true, set_roles: true, audit: true });
    const { body } = await bob.get("/api/rooms");
    const rooms = body as RoomDto[];
    expect(rooms[0]?.name).toBe("Общий чат");
    expect(rooms[0]?.permissions).toEqual(READER);
    expect(rooms.find((room) => room.id === created.id)).toEqual({ ...created, my_role: null, permissions: READER });
    const own = (await alice.get("/api/rooms")).body as RoomDto[];
    expect(own.find((room) => room.id === created.id)).toEqual(created);
  });

  it("refuses a duplicate name in any letter case with 409", async () => {
    const name = uniqueName("Музыка");
    await alice.createRoom(name);
    const before = count("rooms");
    const duplicate = await bob.post("/api/rooms", { name: name.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: "conflict", error: "Комната с таким названием уже существует" });
    expect(count("rooms")).toBe(before);
  });

  const badRooms: [string, string][] = [
    ["an empty object", "{}"],
    ["an empty name", JSON.stringify({ name: "" })],
    ["a whitespace name", JSON.stringify({ name: "   " })],
    ["a 101-character name", JSON.stringify({ name: "x".repeat(101) })],
    ["a 501-character description", JSON.stringify({ name: "ok", description: "d".repeat(501) })],
    ["a numeric name", JSON.stringify({ name: 42 })],
    ["an array", JSON.stringify([{ name: "array" }])],
    ["null", "null"],
    ["an unknown field", JSON.stringify({ name: "extra", is_default: true })],
    ["malformed JSON", "{name:"],
  ];

  it.each(badRooms)("refuses %s with 400 and stores nothing", async (_case, raw) => {
    const before = count("rooms");
    const response = await alice.call("POST", "/api/rooms", undefined, raw);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "invalid_input", error: expect.any(String) as string });
    expect(count("rooms")).toBe(before);
  });

  it("refuses a body over 64 KiB with 413", async () => {
    const response = await alice.call("POST", "/api/rooms", undefined, JSON.stringify({ name: "big", description: "x".repeat(70_000) }));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: "payload_too_large" });
  });

  it("lets only the creator rename, describe and delete a room", async () => {
    const room = await alice.createRoom(uniqueName("Походы"));
    const path = `/api/rooms/${room.id}`;

    const foreign = await bob.patch(path, { name: "захват" });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: "forbidden" });
    expect((await bob.delete(path)).status).toBe(403);

    const renamed = await alice.patch(path, { name: `${room.name} 2`, description: "летом" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: room.id, name: `${room.name} 2`, description: "летом" });
    const [stored] = queryDatabase<{ name: string; description: string }>(server.databaseFile, "select name, description from rooms where id = ?", room.id);
    expect(stored).toEqual({ name: `${room.name} 2`, description: "летом" });

    await alice.postMessage(room.id, "прощай");
    const deleted = await alice.delete(path);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: true, fallback_room_id: (await defaultRoom()).id });
    expect(count("rooms", "id = ?", room.id)).toBe(0);
    expect(count("messages", "room_id = ?", room.id)).toBe(0);
    expect((await alice.delete(path)).status).toBe(404);
  });

  it("refuses edits that break the rules and changes nothing", async () => {
    const taken = await alice.createRoom(uniqueName("Занято"));
    const room = await alice.createRoom(uniqueName("Своя"));
    const general = await defaultRoom();
    const cases: [string, () => ReturnType<ApiClient["call"]>, number, string][] = [
      ["a taken name", () => alice.patch(`/api/rooms/${room.id}`, { name: taken.name.toLowerCase() }), 409, "conflict"],
      ["an empty patch", () => alice.patch(`/api/rooms/${room.id}`, {}), 400, "invalid_input"],
      ["a blank name", () => alice.patch(`/api/rooms/${room.id}`, { name: " " }), 400, "invalid_input"],
      ["a malformed id", () => alice.patch("/api/rooms/abc", { name: "x" }), 400, "invalid_input"],
      ["a missing room", () => alice.patch("/api/rooms/999999", { name: "x" }), 404, "not_found"],
      ["renaming the default room", () => alice.patch(`/api/rooms/${general.id}`, { name: "Мой чат" }), 403, "forbidden"],
      ["deleting the default room", () => alice.delete(`/api/rooms/${general.id}`), 403, "forbidden"],
    ];
    for (const [label, run, status, code] of cases) {
      const response = await run();
      expect({ label, status: response.status, body: response.body }).toMatchObject({ label, status, body: { code } });
    }
    const [stored] = queryDatabase<{ name: string }>(server.databaseFile, "select name from rooms where id = ?", room.id);
    expect(stored?.name).toBe(room.name);
    expect((await defaultRoom()).name).toBe("Общий чат");
  });
});

describe("messages over HTTP", () => {
  it("pages through history with before and after, each message exactly once in id order", async () => {
    const room = await alice.createRoom(uniqueName("История"));
    const other = await alice.createRoom(uniqueName("Соседняя"));
    const sent: number[] = [];
    for (let i = 0; i < 57; i++) {
      sent.push((await (i % 2 ? bob : alice).postMessage(room.id, `сообщение ${i}`)).id);
      if (i % 10 === 0) await alice.postMessage(other.id, `шум ${i}`);
    }

    const latest = await alice.messages(room.id, "?limit=20");
    expect(latest.map((message) => message.id)).toEqual(sent.slice(-20));

    const walked: number[] = [];
    let page = await alice.messages(room.id, "?limit=20");
    for (let guard = 0; page.length > 0 && guard < 10; guard++) {
      walked.unshift(...page.map((message) => message.id));
      page = await alice.messages(room.id, `?limit=20&before=${page[0]?.id}`);
    }
    expect(walked).toEqual(sent);

    const defaultPage = await alice.messages(room.id);
    expect(defaultPage).toHaveLength(50);

    const caughtUp = await alice.messages(room.id, `?after=${sent[39]}&limit=100`);
    expect(caughtUp.map((message) => message.id)).toEqual(sent.slice(40));
  });

  it("answers bad queries with 400, an unknown room with 404, strangers with 401", async () => {
    const room = await alice.createRoom(uniqueName("Запросы"));
    for (const query of ["?limit=0", "?limit=101", "?limit=abc", "?before=-1", "?after=1.5", "?before=x", "?cursor=1"]) {
      const response = await alice.get(`/api/messages/${room.id}${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body).toMatchObject({ code: "invalid_input" });
    }
    expect((await alice.get("/api/messages/999999")).status).toBe(404);
    expect((await alice.get("/api/messages/abc")).status).toBe(400);
    const anonymous = await fetch(new URL(`/api/messages/${room.id}`, server.url));
    expect(anonymous.status).toBe(401);
  });

  it("stores a posted message once per client_id and refuses bad content", async () => {
    const room = await alice.createRoom(uniqueName("Отправка"));
    const first = await alice.postMessage(room.id, "  привет  ", "retry-key-0001");
    expect(first).toMatchObject({ content: "привет", room_id: room.id, client_id: "retry-key-0001", user_city: "Новосибирск" });
    const again = await alice.postMessage(room.id, "привет", "retry-key-0001");
    expect(again.id).toBe(first.id);
    expect(count("messages", "room_id = ?", room.id)).toBe(1);

    for (const body of [{ content: "" }, { content: "   \n " }, { content: "x".repeat(2001) }, { content: 5 }, { content: ["a"] }, { content: "ok", client_id: "bad id!" }, { content: "ok", room_id: 1 }]) {
      const response = await alice.post(`/api/messages/${room.id}`, body);
      expect(response.status).toBe(400);
    }
    expect((await alice.post("/api/messages/999999", { content: "в пустоту" })).status).toBe(404);
    expect(count("messages", "room_id = ?", room.id)).toBe(1);
    expect((await alice.postMessage(room.id, "я".repeat(2000))).content).toHaveLength(2000);
  });
});
