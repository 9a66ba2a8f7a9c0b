import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Runs every suite (Vitest: the fast layer of units, Store contract on SQLite and PostgreSQL, integration; Playwright: e2e)
// and ends with one "N passed, N failed" line. A suite that ran no test counts as a failure.

if (!process.env.TEST_DATABASE_URL) {
  if (process.env.DISCOCK_SERVICES_TRIED) {
    console.error("TEST_DATABASE_URL is still not set after starting services; see README, Tests.");
    process.exit(1);
  }
  console.log("TEST_DATABASE_URL is not set: starting a throwaway PostgreSQL (and Redis if installed) for this run…");
  const result = spawnSync("bash", ["-c", "source .ci/services.sh && start_services && node scripts/test.mjs"], {
    stdio: "inherit",
    env: { ...process.env, DISCOCK_SERVICES_TRIED: "1" },
  });
  process.exit(result.status ?? 1);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const run = (command, args, extraEnv = {}) =>
  spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } }).status;

if (run("node", ["scripts/build-if-stale.mjs"]) !== 0) {
  console.error("build failed");
  process.exit(1);
}

const reports = mkdtempSync(path.join(tmpdir(), "discock-reports-"));
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);

const vitestReport = path.join(reports, "vitest.json");
run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const vitest = readJson(vitestReport);
// A file that failed to load has no failed test of its own, yet it is a failure.
const brokenFiles = (vitest?.testResults ?? []).filter(
  (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
).length;
const unit = {
  passed: vitest?.numPassedTests ?? 0,
  failed: vitest ? vitest.numFailedTests + brokenFiles : 1,
};
// The same split as vitest.config.ts's "fast" project, counted from the one run rather than run twice.
const isFast = (file) => {
  const relative = path.relative(process.cwd(), file).split(path.sep).join("/");
  return relative.startsWith("lib/") && !relative.startsWith("lib/db/pg/");
};
const fastTests = (vitest?.testResults ?? []).filter((file) => isFast(file.name)).flatMap((file) => file.assertionResults);
const fast = {
  passed: fastTests.filter((test) => test.status === "passed").length,
  failed: fastTests.filter((test) => test.status === "failed").length,
};

const port = await new Promise((resolve) => {
  const probe = createServer();
  probe.listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const e2eDir = mkdtempSync(path.join(tmpdir(), "discock-e2e-"));
const e2eReport = path.join(reports, "e2e.json");
run("npx", ["playwright", "test"], {
  E2E_PORT: String(port),
  E2E_DATABASE_URL: `sqlite:///${path.join(e2eDir, "e2e.db")}`,
  E2E_JSON_REPORT: e2eReport,
});
const playwright = readJson(e2eReport);
const e2e = {
  passed: (playwright?.stats.expected ?? 0) + (playwright?.stats.flaky ?? 0),
  failed: playwright ? playwright.stats.unexpected + (playwright.errors?.length ?? 0) : 1,
};
rmSync(e2eDir, { recursive: true, force: true });
rmSync(reports, { recursive: true, force: true });

const suites = { vitest: unit, e2e };
let failed = false;
for (const [name, counts] of Object.entries(suites)) {
  if (counts.passed + counts.failed === 0) {
    console.log(`${name}: ran no test`);
    failed = true;
  }
  const detail = name === "vitest" ? ` (fast layer: ${fast.passed} passed, ${fast.failed} failed)` : "";
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${detail}`);
  if (counts.failed > 0) failed = true;
}
const total = { passed: unit.passed + e2e.passed, failed: unit.failed + e2e.failed };
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(failed ? 1 : 0);
