import { NextResponse, type NextRequest } from "next/server";
import { isDevelopmentBuild } from "@/lib/env";
import { localeOfRequest } from "@/lib/i18n/negotiate";
import { errorText } from "@/lib/i18n/translate";
import { contentSecurityPolicy } from "@/lib/security-headers";

/**
 * Whether Next would fail to even decode this POST to a page, which it answers with a 500 and a
 * stack in the log. Next decodes a multipart body (with undici's formData(), the parser used
 * here on the copy of the body Next hands the proxy) as a possible server action; a server action
 * call also carries React's reply, whose root row is always JSON: the whole text body, or the
 * form field "0" (react-server-dom's decodeReply).
 */
async function isUndecodablePost(request: NextRequest): Promise<boolean> {
  if (request.method !== "POST") return false;
  const actionCall = request.headers.has("next-action");
  const multipart = request.headers.get("content-type")?.startsWith("multipart/form-data") ?? false;
  if (!actionCall && !multipart) return false;
  try {
    const root = multipart ? (await request.clone().formData()).get("0") : await request.clone().text();
    if (actionCall) JSON.parse(typeof root === "string" ? root : "");
    return false;
  } catch {
    return true;
  }
}

/** Refuses what Next cannot decode; then a fresh nonce per page request, which Next reads from the policy to stamp its scripts. */
export async function proxy(request: NextRequest) {
  if (await isUndecodablePost(request)) {
    return NextResponse.json({ error: errorText(localeOfRequest(request.headers), "malformed_request"), code: "invalid_input" }, { status: 400 });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, isDevelopmentBuild());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Next reads this object statically, so the page pattern cannot be a shared constant.
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // A prefetch header must not let a form post or an action call skip isUndecodablePost.
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }],
    },
    { source: "/((?!api/|_next/static|_next/image|favicon.ico).*)", has: [{ type: "header", key: "next-action" }] },
  ],
};
