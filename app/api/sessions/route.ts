import { endAllSessions } from "@/lib/auth/session";
import { route } from "@/lib/http";

/** «Выйти на всех устройствах»: ends every session of the signed-in user, this one included. */
export const DELETE = route(async ({ user, runtime }) => ({
  ended: await endAllSessions(runtime.store, runtime.sessionEvents, user.id),
}));
