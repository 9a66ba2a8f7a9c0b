import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { isChatError } from "../errors";
import { log } from "../log";
import { getRuntime } from "../runtime";
import { clientIpFrom } from "../client-ip";
import { signInWithPassword, userOfRegistrationTicket } from "./accounts";
import { deviceTokenFrom } from "./device";
import { openSession, SESSION_TTL_MS } from "./session";
import { decodeSessionToken, encodeSessionToken } from "./session-token";

export const { signIn, signOut } = NextAuth(() => {
  const { config, store, throttles } = getRuntime();
  return {
    secret: config.secret,
    // The app is reached through whatever host the operator gives it (localhost, a proxy, a container name).
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_TTL_MS.remembered / 1000 },
    jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
    pages: { signIn: "/login" },
    logger: {
      // A wrong password or a throttled attempt is an answer, not a fault: the form says so.
      error: (error) => {
        const type = "type" in error ? error.type : undefined;
        const cause: unknown = error.cause;
        const inner = typeof cause === "object" && cause !== null && "err" in cause ? cause.err : undefined;
        if (type === "CredentialsSignin" || isChatError(inner)) return;
        log.error("auth error", error);
      },
      warn: (code) => log.warn("auth warning", { code }),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { username: {}, password: {}, remember_me: {}, ticket: {} },
        async authorize(credentials, request) {
          const user = credentials.ticket
            ? await userOfRegistrationTicket(store, config.secret, credentials.ticket)
            : await signInWithPassword(
                store,
                throttles,
                { ip: clientIpFrom(request.headers), deviceToken: deviceTokenFrom(request.headers.get("cookie")), secret: config.secret },
                credentials,
              );
          if (!user) return null;
          const sessionId = await openSession(store, user.id, credentials.remember_me === "on", {
            userAgent: request.headers.get("user-agent"),
            ip: clientIpFrom(request.headers),
          });
          return { id: String(user.id), sessionId };
        },
      }),
    ],
    callbacks: {
      // The cookie names the user and the server-side session, nothing more: name and city are read fresh.
      jwt: ({ token, user }) => (user?.id ? { sub: user.id, sid: user.sessionId } : { sub: token.sub, sid: token.sid }),
    },
  };
});

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}
