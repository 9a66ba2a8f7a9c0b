// Fails on a high or critical advisory in production dependencies. The registry this project's
// machines reach may not serve npm's advisory endpoint; then there is nothing to judge, and the
// step says so instead of failing every run.
import { spawnSync } from "node:child_process";

const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  report = undefined;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = report?.statusCode ? `HTTP ${report.statusCode}` : (report?.error?.code ?? "no answer");
  console.log(`audit: the advisory service could not be queried (${reason}); skipped`);
  process.exit(0);
}
const { high = 0, critical = 0, moderate = 0, low = 0 } = counts;
console.log(`audit: ${critical} critical, ${high} high, ${moderate} moderate, ${low} low in production dependencies`);
process.exit(high + critical > 0 ? 1 : 0);
