import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadEnvFiles, parseDatabaseUrl, readConfig } from "./env";

const tempDir = () => mkdtempSync(path.join(tmpdir(), "discock-env-"));

describe("parseDatabaseUrl", () => {
  it("resolves sqlite:/// against the working directory and sqlite://// as absolute", () => {
    expect(parseDatabaseUrl("sqlite:///discock.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/srv/app/discock.db" });
    expect(parseDatabaseUrl("sqlite:///data/chat.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/srv/app/data/chat.db" });
    expect(parseDatabaseUrl("sqlite:////var/lib/discock.db", "/srv/app")).toEqual({ dialect: "sqlite", file: "/var/lib/discock.db" });
  });

  it("accepts both PostgreSQL schemes", () => {
    for (const url of ["postgres://u:p@db:5432/chat", "postgresql://u:p@db/chat"]) {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: "postgres", url });
    }
  });

  it("never echoes a password from a URL it refuses", () => {
    expect(() => parseDatabaseUrl("mysql://root:hunter2@db/chat")).toThrow(ConfigError);
    expect(() => parseDatabaseUrl("mysql://root:hunter2@db/chat")).not.toThrow(/hunter2/);
  });
});

describe("readConfig", () => {
  it("defaults to SQLite beside the working directory on port 5000", () => {
    const cwd = tempDir();
    const config = readConfig({ SECRET_KEY: "s".repeat(32) }, cwd);
    expect(config).toMatchObject({
      production: false,
      port: 5000,
      database: { dialect: "sqlite", file: path.join(cwd, "discock.db") },
      allowedOrigins: [],
    });
  });

  it("re-checks open sockets' sessions every 5 s unless told otherwise, and 0 turns it off", () => {
    const secret = { SECRET_KEY: "s".repeat(32) };
    expect(readConfig(secret, tempDir()).sessionCheckSeconds).toBe(5);
    expect(readConfig({ ...secret, SESSION_CHECK_SECONDS: "0" }, tempDir()).sessionCheckSeconds).toBe(0);
  });

  it("accepts AUTH_SECRET as an alias of SECRET_KEY", () => {
    expect(readConfig({ AUTH_SECRET: "a".repeat(40) }, tempDir()).secret).toBe("a".repeat(40));
  });

  it("generates a development secret once and reuses it", () => {
    const cwd = tempDir();
    const first = readConfig({}, cwd).secret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readConfig({}, cwd).secret).toBe(first);
  });

  it("refuses production without a secret and writes no secret file", () => {
    expect(() => readConfig({ NODE_ENV: "production" }, tempDir())).toThrow(/SECRET_KEY is required/);
  });

  it("gives a client 30 s to send a request unless REQUEST_TIMEOUT_SECONDS says otherwise", () => {
    expect(readConfig({ SECRET_KEY: "s".repeat(32) }, tempDir()).requestTimeoutSeconds).toBe(30);
    expect(readConfig({ SECRET_KEY: "s".repeat(32), REQUEST_TIMEOUT_SECONDS: "5" }, tempDir()).requestTimeoutSeconds).toBe(5);
    expect(readConfig({ SECRET_KEY: "s".repeat(32), REQUEST_TIMEOUT_SECONDS: "0" }, tempDir()).requestTimeoutSeconds).toBe(0);
    expect(() => readConfig({ SECRET_KEY: "s".repeat(32), REQUEST_TIMEOUT_SECONDS: "-1" }, tempDir())).toThrow(
      /REQUEST_TIMEOUT_SECONDS must be 0 or more/,
    );
    expect(() => readConfig({ SECRET_KEY: "s".repeat(32), REQUEST_TIMEOUT_SECONDS: "soon" }, tempDir())).toThrow(
      /REQUEST_TIMEOUT_SECONDS must be a whole number/,
    );
  });

  it("normalises ALLOWED_ORIGINS to origins", () => {
    const config = readConfig(
      { SECRET_KEY: "s".repeat(32), ALLOWED_ORIGINS: "https://chat.example.com/, http://10.0.0.5:8080" },
      tempDir(),
    );
    expect(config.allowedOrigins).toEqual(["https://chat.example.com", "http://10.0.0.5:8080"]);
  });
});

describe("loadEnvFiles", () => {
  it("reads .env from the project directory without overriding the real environment", () => {
    const dir = tempDir();
    const key = `DISCOCK_ENV_TEST_${process.pid}`;
    writeFileSync(path.join(dir, ".env"), `${key}=from-file\nPORT_${process.pid}=5001\n`);
    process.env[`PORT_${process.pid}`] = "6000";
    loadEnvFiles(dir);
    expect(process.env[key]).toBe("from-file");
    expect(process.env[`PORT_${process.pid}`]).toBe("6000");
  });
});
