import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The runner script passes a free port and its own database; a bare `npx playwright test` uses fixed ones.
// This module is evaluated again in every worker, so nothing here may be random.
const port = Number(process.env.E2E_PORT ?? 5179);
const defaultDatabase = path.join(tmpdir(), `discock-e2e-${port}.db`);
const databaseUrl = process.env.E2E_DATABASE_URL ?? `sqlite:///${defaultDatabase}`;
const baseURL = `http://127.0.0.1:${port}`;

// webServer starts before globalSetup, so the default database is emptied by the command itself.
const startServer = process.env.E2E_DATABASE_URL
  ? "node dist/server.js"
  : `rm -f '${defaultDatabase}' '${defaultDatabase}-wal' '${defaultDatabase}-shm' && exec node dist/server.js`;

export default defineConfig({
  testDir: "e2e",
  // Every test registers its own users, so tests share one server and run in any order.
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: Math.min(2, availableParallelism()),
  reporter: process.env.E2E_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]] : "list",
  use: {
    baseURL,
    // Playwright's browsers ask for en-US unless told otherwise, and the app answers in the language asked for. The
    // suite reads the app as most of its users do, in Russian; a spec about another language sets its own.
    locale: "ru-RU",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-quic",
            "--no-first-run",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: startServer,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      // A fixed test key, so the server never writes a development secret file next to the database.
      SECRET_KEY: "5f0c8e2a9d4b7136e1a08c5d2f9b4e7a3c6d1f8e0b2a5c9d7e4f1a3b6c8d0e2f",
      NEXT_TELEMETRY_DISABLED: "1",
      // Every test registers users from 127.0.0.1 and the history test seeds messages fast.
      RATE_LIMIT_MESSAGES: "0",
      RATE_LIMIT_REGISTRATIONS_PER_IP: "0",
    },
  },
});
