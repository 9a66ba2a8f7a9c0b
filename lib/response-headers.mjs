// Plain JavaScript: next.config.js imports it, and Next loads that config again at run time under plain Node,
// where a TypeScript file cannot be imported. The rest of the code reads it through lib/security-headers.ts.

/** Headers every response carries, pages and API alike. */
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
