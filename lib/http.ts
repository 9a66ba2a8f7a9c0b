import { sessionFromRequestHeaders } from "./auth/session";
import type { User } from "./db/types";
import { ChatError, statusOf, toWireError } from "./errors";
import type { Locale } from "./i18n/locale";
import { localeOfRequest } from "./i18n/negotiate";
import type { Actor, ChatDeps } from "./chat/events";
import { chatDeps, getRuntime, type Runtime } from "./runtime";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** DESIGN's error body, its sentences in `locale`: the request's (lib/i18n/negotiate.ts#localeOfRequest). */
export function errorResponse(err: unknown, locale: Locale, context?: Record<string, unknown>): Response {
  const { code, message, fields, retry_after_ms } = toWireError(err, locale, context);
  const body = { error: message, code, ...(fields ? { fields } : {}), ...(retry_after_ms ? { retry_after_ms } : {}) };
  const headers = retry_after_ms ? { "Retry-After": String(Math.ceil(retry_after_ms / 1000)) } : undefined;
  return Response.json(body, { status: statusOf(code), headers });
}

const isConnectionReset = (err: unknown) => typeof err === "object" && err !== null && "code" in err && err.code === "ECONNRESET";

/** The request body as unparsed JSON; zod in lib/chat decides what it means. */
export async function readJson(request: Request): Promise<unknown> {
  // An HTML form can send text/plain that parses as JSON, with no preflight; application/json needs one.
  const type = request.headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ChatError("unsupported_media_type", "json_required");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BODY_BYTES) throw new ChatError("payload_too_large", "payload_too_large");
  const text = await request.text().catch((err: unknown) => {
    // The client went away mid-body (Node's "aborted", ECONNRESET): nothing is wrong with the server.
    if (request.signal.aborted || isConnectionReset(err)) throw new ChatError("aborted", "aborted", { cause: err });
    throw err;
  });
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) throw new ChatError("payload_too_large", "payload_too_large");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChatError("invalid_input", "json_invalid");
  }
}

/** A proxy's request id when it sent a sane one, else a new one; it ties a log line to a reply. */
function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[A-Za-z0-9._-]{8,128}$/.test(given) ? given : crypto.randomUUID();
}

interface RouteContext<Params> {
  request: Request;
  params: Params;
  user: User;
  /** The user as lib/chat's use cases take them: with the session this request acts through. */
  actor: Actor;
  runtime: Runtime;
  deps: ChatDeps;
}

/**
 * Wraps a route handler: the session is the real access check (every API route goes through here),
 * and whatever is thrown becomes DESIGN's error body with its status.
 */
export function route<Params extends Record<string, string> = Record<string, never>>(
  run: (context: RouteContext<Params>) => Promise<unknown>,
  successStatus = 200,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = requestIdOf(request);
    let locale = localeOfRequest(request.headers);
    try {
      const started = performance.now();
      const runtime = getRuntime();
      const session = await sessionFromRequestHeaders(runtime.store, runtime.config.secret, request.headers);
      if (!session) throw new ChatError("unauthorized", "signed_out");
      const { user, sessionId } = session;
      locale = localeOfRequest(request.headers, user.locale);
      const authenticated = performance.now();
      const actor = { id: user.id, sessionId };
      const result = await run({ request, params: await context.params, user, actor, runtime, deps: chatDeps(runtime) });
      const response = result instanceof Response ? result : Response.json(result, { status: successStatus });
      // The session check and the work itself, next to server.ts's `total` for the whole request.
      response.headers.append("server-timing", `auth;dur=${(authenticated - started).toFixed(3)}, app;dur=${(performance.now() - authenticated).toFixed(3)}`);
      return response;
    } catch (err) {
      const response = errorResponse(err, locale, { request_id: requestId, method: request.method, path: new URL(request.url).pathname });
      response.headers.set("x-request-id", requestId);
      return response;
    }
  };
}

/** The query string as plain fields, for zod to judge. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
