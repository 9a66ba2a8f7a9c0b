import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ChatError, statusOf, toWireError } from "./errors";
import { localeOfRequest } from "./i18n/negotiate";
import { log } from "./log";
import { SECURITY_HEADERS } from "./security-headers";

export interface CrossSiteCheck {
  headers: IncomingHttpHeaders;
  /** ALLOWED_ORIGINS: other origins the operator trusts to act for the user. */
  allowedOrigins: readonly string[];
  trustProxy: boolean;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** null for what has no origin a browser could act from: "null", a malformed or opaque URL. */
function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** Where the browser sent the request: its Host, with the scheme a trusted proxy reports (this server speaks only HTTP). */
export function ownOrigin(headers: IncomingHttpHeaders, trustProxy: boolean): string | null {
  const host = header(headers, "host");
  if (!host) return null;
  const forwarded = trustProxy ? header(headers, "x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase() : undefined;
  return originOf(`${forwarded === "https" ? "https" : "http"}://${host}`);
}

/**
 * Whether a browser page other than ours made this request. SameSite=Lax still sends the cookie from
 * a sibling origin of the same site (another port or subdomain), so the origin is what decides, not
 * the cookie. Without Origin the Referer's origin stands in. A request with none of Origin, Referer
 * and Sec-Fetch-Site was made by a program, not by a page riding on someone's cookie.
 */
export function isCrossSiteRequest({ headers, allowedOrigins, trustProxy }: CrossSiteCheck): boolean {
  const claimed = header(headers, "origin") ?? header(headers, "referer");
  const source = claimed === undefined ? undefined : originOf(claimed);
  // The operator opted in, and Sec-Fetch-Site would call a second hostname cross-site.
  if (source && allowedOrigins.includes(source)) return false;
  const site = header(headers, "sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  if (claimed === undefined) return false;
  return source === null || source !== ownOrigin(headers, trustProxy);
}

/** A POST, PUT, PATCH or DELETE (or anything else that is not a read) from another site or origin. */
export function isCrossSiteWrite(check: CrossSiteCheck & { method: string }): boolean {
  return !SAFE_METHODS.has(check.method.toUpperCase()) && isCrossSiteRequest(check);
}

/**
 * A page load the person started: typed, bookmarked or a link inside the app. Not a link on another
 * site and not an image, frame or fetch, which any page can make a browser send.
 */
export function isOwnNavigation(check: CrossSiteCheck): boolean {
  const dest = header(check.headers, "sec-fetch-dest");
  return (dest === undefined || dest === "document") && !isCrossSiteRequest(check);
}

/** Answers a cross-site write with 403 before Next sees it; true when it did. */
export function refuseCrossSiteWrite(
  request: IncomingMessage,
  response: ServerResponse,
  config: { allowedOrigins: readonly string[]; trustProxy: boolean },
): boolean {
  const check = { method: request.method ?? "GET", headers: request.headers, ...config };
  if (!isCrossSiteWrite(check)) return false;
  // Logged so an operator behind an undeclared proxy or hostname sees why their own writes fail.
  log.warn("cross-site write refused", {
    method: check.method,
    path: request.url?.split("?", 1)[0],
    origin: request.headers.origin ?? null,
    referer_origin: request.headers.referer ? originOf(request.headers.referer) : null,
    sec_fetch_site: request.headers["sec-fetch-site"] ?? null,
    host: request.headers.host ?? null,
  });
  const { code, message } = toWireError(new ChatError("forbidden", "cross_site"), localeOfRequest(request.headers));
  const headers = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));
  response.writeHead(statusOf(code), { ...headers, "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify({ error: message, code }));
  return true;
}
