import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { log } from "../log";
import { getRuntime } from "../runtime";
import { verifyCredentials } from "./accounts";
import { REMEMBERED_SESSION_SECONDS } from "./session";

export const { signIn, signOut } = NextAuth(() => {
  const { config, store } = getRuntime();
  return {
    secret: config.secret,
    // The app is reached through whatever host the operator gives it (localhost, a proxy, a container name).
    trustHost: true,
    session: { strategy: "jwt", maxAge: REMEMBERED_SESSION_SECONDS },
    pages: { signIn: "/login" },
    logger: {
      // A wrong password is an answer, not a fault: the form says so and nothing needs logging.
      error: (error) => {
        if (!("type" in error && error.type === "CredentialsSignin")) log.error("auth error", error);
      },
      warn: (code) => log.warn("auth warning", { code }),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { username: {}, password: {} },
        async authorize(credentials) {
          const user = await verifyCredentials(store, credentials);
          return user ? { id: String(user.id) } : null;
        },
      }),
    ],
    callbacks: {
      // Only the user id travels in the cookie; name and city are read fresh from the database.
      jwt: ({ token, user }) => (user?.id ? { sub: user.id } : { sub: token.sub }),
    },
  };
});
