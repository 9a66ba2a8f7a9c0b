import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { endSession, sessionFromRequestHeaders } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";

export async function GET() {
  const requestHeaders = await headers();
  const { store, config, sessionEvents } = getRuntime();
  const session = await sessionFromRequestHeaders(store, config.secret, requestHeaders);
  // Ending the server-side session is what logs out: a copy of the cookie taken earlier stops working too.
  if (session) await endSession(store, sessionEvents, session.sessionId);
  await signOut({ redirect: false });
  // Relative, so the browser stays on whatever host it used (Next sees localhost behind 127.0.0.1).
  return new Response(null, { status: 303, headers: { Location: "/login" } });
}
