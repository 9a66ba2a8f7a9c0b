import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { generateTestUser, registerAndSignIn, submitForm } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { SESSION_CHECK_SECONDS: "1" } });
});

afterAll(async () => {
  await server.stop();
});

/** Runs the CLI as an operator would, against the running server's database. */
function runAdmin(lang: string | undefined, args: string[]) {
  const env: Record<string, string | undefined> = {
    LANG: lang,
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite:///${server.databaseFile}`,
    SECRET_KEY: "x".repeat(64),
  };
  const result = spawnSync(process.execPath, ["dist/admin.js", ...args], {
    // Next's types demand NODE_ENV, which an operator's shell does not set.
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The admin CLI as an operator with no shell language runs it; `.inLocale` with one. */
const admin = Object.assign((...args: string[]) => runAdmin(undefined, args), {
  inLocale: (lang: string) => (...args: string[]) => runAdmin(lang, args),
});

const canSignIn = async (username: string, password: string) =>
  (await submitForm(server.url, "/login", { username, password })).response.status === 303;

describe("admin CLI", () => {
  it("deactivates a user: sessions end, open sockets close, login is refused; activate restores login", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    const socket = await connectAs(server.url, jar);
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));

    expect(admin("deactivate", "--username", user.username)).toMatchObject({ code: 0, stdout: expect.stringContaining("deactivated") as string });
    expect(await closed).toBe("io server disconnect");
    expect((await apiClient(server.url, jar).get("/api/rooms")).status).toBe(401);
    expect(await canSignIn(user.username, user.password)).toBe(false);

    expect(admin("activate", "--username", user.username).code).toBe(0);
    expect(await canSignIn(user.username, user.password)).toBe(true);
  });

  it("resets a password, refusing weak ones, and ends the old sessions", async () => {
    const { user, jar } = await registerAndSignIn(server.url);
    expect(admin("reset-password", "--username", user.username, "--password", "qwerty123")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("This password is too common") as string,
    });
    expect(admin("reset-password", "--username", user.username, "--password", "short").code).toBe(1);
    expect(await canSignIn(user.username, user.password)).toBe(true);

    expect(admin("reset-password", "--username", user.username, "--password", "a-brand-new-passphrase").code).toBe(0);
    expect((await apiClient(server.url, jar).get("/api/rooms")).status).toBe(401);
    expect(await canSignIn(user.username, user.password)).toBe(false);
    expect(await canSignIn(user.username, "a-brand-new-passphrase")).toBe(true);
  });

  it("creates users and refuses duplicates with the same rules as the form", async () => {
    const user = generateTestUser();
    const created = admin("create-user", "--username", user.username, "--email", user.email, "--password", user.password, "--city", "Тверь");
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining(user.username) as string });
    expect(await canSignIn(user.username, user.password)).toBe(true);
    expect(admin("create-user", "--username", user.username.toUpperCase(), "--email", `x${user.email}`, "--password", user.password)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("That username is taken") as string,
    });
  });

  it("lists rooms and deletes any but the default one", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const room = await apiClient(server.url, jar).createRoom(uniqueName("Лишняя"));
    const listed = admin("list-rooms");
    expect(listed.stdout).toContain("#Общий чат\t(default)");
    expect(listed.stdout).toContain(`${room.id}\t#${room.name}`);
    const general = /^(\d+)\t#Общий чат/m.exec(listed.stdout)?.[1] ?? "";
    expect(admin("delete-room", "--id", general)).toMatchObject({ code: 1, stderr: expect.stringContaining("cannot be deleted") as string });
    expect(admin("delete-room", "--id", String(room.id)).code).toBe(0);
    expect(admin("list-rooms").stdout).not.toContain(room.name);
  });

  it("explains bad arguments and unknown users", () => {
    expect(admin("deactivate")).toMatchObject({ code: 2, stderr: expect.stringContaining("--username is required") as string });
    expect(admin("deactivate", "--nope", "x")).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option") as string });
    expect(admin("frobnicate")).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') as string });
    expect(admin("delete-room", "--id", "abc")).toMatchObject({ code: 1, stderr: expect.stringContaining("A whole number above zero is required") as string });
    expect(admin("activate", "--username", "nobody_at_all")).toMatchObject({ code: 1, stderr: "admin: User nobody_at_all not found\n" });
    expect(admin.inLocale("ru_RU.UTF-8")("activate", "--username", "nobody_at_all")).toMatchObject({ code: 1, stderr: "admin: Пользователь nobody_at_all не найден\n" });
  });
});
