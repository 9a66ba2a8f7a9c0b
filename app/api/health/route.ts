import { getRuntime } from "@/lib/runtime";
import { log } from "@/lib/log";

export async function GET() {
  try {
    await getRuntime().store.ping();
    return Response.json({ status: "ok", db: "ok" });
  } catch (err) {
    log.warn("health check: database unreachable", { error: err instanceof Error ? err.message : String(err) });
    return Response.json({ status: "error", db: "unavailable" }, { status: 503 });
  }
}
