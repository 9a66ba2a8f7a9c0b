export { SECURITY_HEADERS } from "./response-headers.mjs";

/**
 * The page policy: scripts only from this origin or carrying this request's nonce (Next adds it to
 * its own inline scripts), connections only to this origin (which covers the socket), no framing.
 * Inline style attributes stay allowed: they cannot run code, and React sets a few of them.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
