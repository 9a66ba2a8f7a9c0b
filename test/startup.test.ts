import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerAndSignIn } from "./support/http";
import { freshPgDatabase } from "./support/pg-database";
import { makeTempDir, runServerToExit, startServer } from "./support/server";
import { freePort } from "./support/ports";

function expectOneClearLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^discock: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

function sqliteUrl() {
  return `sqlite:///${path.join(makeTempDir(), "discock.db")}`;
}


describe("start-up refuses bad configuration with one clear line and exit code 1", () => {
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ["an unknown DATABASE_URL scheme", { DATABASE_URL: "mysql://root@localhost/discock" }, /DATABASE_URL is a "mysql:" URL/],
    ["a DATABASE_URL that is not a URL", { DATABASE_URL: "discock.db" }, /DATABASE_URL .*sqlite:\/\/\/discock\.db/],
    ["a SQLite URL without a path", { DATABASE_URL: "sqlite:///" }, /no SQLite file path/],
    ["a PostgreSQL URL without a database", { DATABASE_URL: "postgresql://localhost" }, /must name a PostgreSQL host and database/],
    ["a missing SECRET_KEY in production", { NODE_ENV: "production", SECRET_KEY: undefined }, /SECRET_KEY is required when NODE_ENV=production/],
    ["a short SECRET_KEY", { SECRET_KEY: "short" }, /SECRET_KEY is too short/],
    ["a PORT that is not a number", { PORT: "http" }, /PORT must be a number/],
    ["a PORT out of range", { PORT: "70000" }, /PORT must be between 0 and 65535/],
    ["a malformed ALLOWED_ORIGINS", { ALLOWED_ORIGINS: "not an origin" }, /ALLOWED_ORIGINS/],
    ["a negative rate limit", { RATE_LIMIT_MESSAGES: "-1" }, /RATE_LIMIT_MESSAGES must be 0 or more/],
    ["a TRUST_PROXY that is not a boolean", { TRUST_PROXY: "yes" }, /TRUST_PROXY must be true or false/],
  ];

  it.each(cases)("%s", async (_case, env, message) => {
    const result = await runServerToExit({ DATABASE_URL: sqliteUrl(), ...env });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, message);
  });

  it("an unreachable PostgreSQL", async () => {
    const port = await freePort();
    const result = await runServerToExit({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/discock` });
    expect(result.code).toBe(1);
    expectOneClearLine(result.stderr, new RegExp(`cannot open PostgreSQL at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): start PostgreSQL`));
  });

  it("a busy port", async () => {
    const running = await startServer();
    try {
      const result = await runServerToExit({ DATABASE_URL: sqliteUrl(), PORT: String(running.port) });
      expect(result.code).toBe(1);
      expectOneClearLine(result.stderr, new RegExp(`port ${running.port} is already in use`));
    } finally {
      await running.stop();
    }
  });
});

describe("lifecycle", () => {
  it("keeps a generated development secret beside the database, so sessions survive a restart", async () => {
    const dir = makeTempDir();
    const env = { SECRET_KEY: undefined };
    const first = await startServer({ dir, env });
    const { jar } = await registerAndSignIn(first.url);
    const secret = readFileSync(path.join(dir, ".discock-secret"), "utf8");
    expect(secret.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await first.stop()).toBe(0);

    const second = await startServer({ dir, env });
    try {
      expect(readFileSync(path.join(dir, ".discock-secret"), "utf8")).toBe(secret);
      const rooms = await fetch(new URL("/api/rooms", second.url), { headers: { cookie: jar.header() } });
      expect(rooms.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it("stops cleanly on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const running = await startServer();
      expect(await running.stop(signal)).toBe(0);
    }
  });
});

describe("on PostgreSQL", () => {
  it("migrates a fresh database, seeds «Общий чат» once and serves sessions", async () => {
    const database = await freshPgDatabase("discock_startup");
    try {
      for (let start = 0; start < 2; start++) {
        const running = await startServer({ env: { DATABASE_URL: database.url } });
        try {
          const health = await fetch(new URL("/api/health", running.url));
          expect(await health.json()).toEqual({ status: "ok", db: "ok", redis: "off" });
          const { jar } = await registerAndSignIn(running.url);
          const rooms = await fetch(new URL("/api/rooms", running.url), { headers: { cookie: jar.header() } });
          const names = ((await rooms.json()) as { name: string }[]).map((room) => room.name);
          expect(names.filter((room) => room === "Общий чат")).toHaveLength(1);
        } finally {
          await running.stop();
        }
      }
    } finally {
      await database.drop();
    }
  });
});
