import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAndSignIn, submitForm, type CookieJar } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { freePort } from "./support/ports";
import { startServer, type RunningServer } from "./support/server";
import { apiClient, uniqueName } from "./support/api";
import { connectAs, emitRaw, nextEvent, type ClientSocket } from "./support/socket";

function redisUrl() {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error("TEST_REDIS_URL is not set: start Redis (see README, Tests)");
  return url;
}

/** Runs the admin CLI as an operator would, in the environment the servers share. */
function admin(env: Record<string, string>, ...args: string[]) {
  const shell: Record<string, string | undefined> = { PATH: process.env.PATH, SECRET_KEY: "x".repeat(64), ...env };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["dist/admin.js", ...args],
      // Next's types demand NODE_ENV, which an operator's shell does not set.
      { env: shell as NodeJS.ProcessEnv, encoding: "utf8" },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The disconnect reason, once `within(ms)` is asked: it fails if the socket is still open that long after. */
function closing(socket: ClientSocket) {
  const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
  return {
    async within(ms: number) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`socket still open ${ms} ms after the CLI returned`)), ms);
      });
      try {
        return await Promise.race([closed, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function signInOn(server: RunningServer, username: string, password: string): Promise<CookieJar> {
  const { response, jar } = await submitForm(server.url, "/login", { username, password });
  if (response.status !== 303) throw new Error(`login on ${server.url} answered ${response.status}`);
  return jar;
}

describe("with Redis, the periodic check off", () => {
  let database: Awaited<ReturnType<typeof freshPgDatabase>>;
  let a: RunningServer;
  let b: RunningServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshPgDatabase("discock_ended");
    env = { DATABASE_URL: database.url, REDIS_URL: redisUrl() };
    [a, b] = await Promise.all([
      startServer({ env: { ...env, SESSION_CHECK_SECONDS: "0" } }),
      startServer({ env: { ...env, SESSION_CHECK_SECONDS: "0" } }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("deactivate closes the user's sockets on every instance within seconds, and only theirs", async () => {
    const { user, jar } = await registerAndSignIn(a.url);
    const onB = await signInOn(b, user.username, user.password);
    const sockets = [await connectAs(a.url, jar), await connectAs(b.url, onB)];
    const bystander = await connectAs(b.url, (await registerAndSignIn(b.url)).jar);
    const closed = sockets.map(closing);

    const result = await admin(env, "deactivate", "--username", user.username);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(await Promise.all(closed.map((socket) => socket.within(3_000)))).toEqual(["io server disconnect", "io server disconnect"]);
    expect(bystander.connected).toBe(true);
    bystander.disconnect();
  });

  it("reset-password does the same", async () => {
    const { user, jar } = await registerAndSignIn(b.url);
    const closed = closing(await connectAs(b.url, jar));
    expect((await admin(env, "reset-password", "--username", user.username, "--password", "a-brand-new-passphrase")).code).toBe(0);
    expect(await closed.within(3_000)).toBe("io server disconnect");
  });

  it("delete-room tells the open clients of every instance, as a user's deletion does", async () => {
    const { jar } = await registerAndSignIn(a.url);
    const room = await apiClient(a.url, jar).createRoom(uniqueName("Оператор"));
    const watcher = await connectAs(b.url, (await registerAndSignIn(b.url)).jar);
    expect(await emitRaw(watcher, "join_room", { room_id: room.id })).toMatchObject({ ok: true });
    const deleted = nextEvent(watcher, "room_deleted");

    const result = await admin(env, "delete-room", "--id", String(room.id));

    expect(result).toMatchObject({ code: 0, stderr: "" });
    const event = await deleted;
    expect(event.room_id).toBe(room.id);
    // The room is gone for writes too, whichever instance the client is on.
    expect(await emitRaw(watcher, "send_message", { room_id: room.id, content: "в пустоту" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    watcher.disconnect();
  });

  it("when Redis cannot be reached the command still succeeds, and says the sockets close later", async () => {
    const { user } = await registerAndSignIn(a.url);
    const unreachable = `redis://127.0.0.1:${await freePort()}`;
    const result = await admin({ ...env, REDIS_URL: unreachable }, "deactivate", "--username", user.username);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("SESSION_CHECK_SECONDS");
  });
});

describe("without Redis", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { SESSION_CHECK_SECONDS: "1" } });
  });

  afterAll(async () => {
    await server.stop();
  });

  it("reset-password closes the user's socket through the periodic check", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const closed = closing(await connectAs(server.url, jar));
    const result = await admin(
      { DATABASE_URL: `sqlite:///${server.databaseFile}` },
      "reset-password",
      "--username",
      user.username,
      "--password",
      "a-brand-new-passphrase",
    );
    expect(result.code).toBe(0);
    expect(await closed.within(3_000)).toBe("io server disconnect");
  });
});
