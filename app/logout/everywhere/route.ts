import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { endAllSessions, sessionFromRequestHeaders } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";

/**
 * «Выйти на всех устройствах» as a plain form post, so it works without JavaScript. SameSite=Lax
 * alone would let a sibling origin of the same site post it; server.ts refuses that.
 */
export async function POST() {
  const requestHeaders = await headers();
  const { store, config, sessionEvents } = getRuntime();
  const session = await sessionFromRequestHeaders(store, config.secret, requestHeaders);
  if (session) await endAllSessions(store, sessionEvents, session.user.id);
  await signOut({ redirect: false });
  return new Response(null, { status: 303, headers: { Location: "/login" } });
}
