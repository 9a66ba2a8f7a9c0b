import { timingSafeEqual } from "node:crypto";
import { errorResponse } from "@/lib/http";
import { ChatError } from "@/lib/errors";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import { metrics } from "@/lib/metrics";
import { getRuntime } from "@/lib/runtime";

function sameToken(given: string, expected: string) {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Prometheus metrics of this instance; off unless METRICS_TOKEN is set, and then only with that token. */
export async function GET(request: Request) {
  const token = getRuntime().config.metricsToken;
  const locale = localeOfRequest(request.headers);
  if (!token) return errorResponse(new ChatError("not_found", "metrics_off"), locale);
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameToken(given, token)) return errorResponse(new ChatError("unauthorized", "metrics_token"), locale);
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
