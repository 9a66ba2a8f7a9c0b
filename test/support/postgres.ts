import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "./ports";

/**
 * A PostgreSQL cluster of the test's own, for tests that stop and restart the database under a
 * running server. Needs PostgreSQL's server binaries and root (initdb runs as the postgres user).
 */
export interface PrivatePostgres {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  return path.join(root, version, "bin");
}


export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync("/tmp/discock-pg-");
  const idOf = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  chownSync(dir, idOf("-u"), idOf("-g"));
  const asPostgres = (command: string, ...args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args], { stdio: "pipe" });
  const port = await freePort();
  const data = path.join(dir, "data");
  asPostgres("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asPostgres("pg_ctl", "-D", data, "-l", path.join(dir, "log"), "-w", "-o", options, "start");
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: () => asPostgres("pg_ctl", "-D", data, "-m", "fast", "-w", "stop"),
    destroy() {
      try {
        asPostgres("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
      } catch {
        // Already stopped by the test.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
