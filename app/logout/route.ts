import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { endSession, sessionFromRequestHeaders } from "@/lib/auth/session";
import { isOwnNavigation } from "@/lib/cross-site";
import { getRuntime } from "@/lib/runtime";

// Relative, so the browser stays on whatever host it used (Next sees localhost behind 127.0.0.1).
const seeOther = (location: string) => new Response(null, { status: 303, headers: { Location: location } });

/**
 * The in-app «Выйти» link, or the address typed by hand: signs out at once. A link on another site or
 * an <img> pointing here gets the confirmation page instead, since SameSite=Lax sends the cookie along.
 */
export async function GET() {
  const requestHeaders = await headers();
  const { config } = getRuntime();
  const check = { headers: Object.fromEntries(requestHeaders), allowedOrigins: config.allowedOrigins, trustProxy: config.trustProxy };
  if (!isOwnNavigation(check)) return seeOther("/logout/confirm");
  return signOutHere(requestHeaders);
}

/** The confirmation page's «Выйти»; server.ts has already refused it if another site sent it. */
export async function POST() {
  return signOutHere(await headers());
}

async function signOutHere(requestHeaders: Headers) {
  const { store, config, sessionEvents } = getRuntime();
  const session = await sessionFromRequestHeaders(store, config.secret, requestHeaders);
  // Ending the server-side session is what logs out: a copy of the cookie taken earlier stops working too.
  if (session) await endSession(store, sessionEvents, session.sessionId);
  await signOut({ redirect: false });
  return seeOther("/login");
}
