import { log } from "@/lib/log";
import { getRuntime } from "@/lib/runtime";

/**
 * 503 only when the database is down: without Redis an instance still serves its own clients,
 * so it stays in the load balancer and reports itself degraded.
 */
export async function GET() {
  const { store, redisState } = getRuntime();
  const redis = redisState();
  try {
    await store.ping();
  } catch (err) {
    log.warn("health check: database unreachable", { error: err instanceof Error ? err.message : String(err) });
    return Response.json({ status: "error", db: "unavailable", redis }, { status: 503 });
  }
  return Response.json({ status: redis === "unavailable" ? "degraded" : "ok", db: "ok", redis });
}
