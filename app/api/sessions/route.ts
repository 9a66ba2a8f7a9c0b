import { endOtherDevices } from "@/lib/auth/profile";
import { endAllSessions } from "@/lib/auth/session";
import { route } from "@/lib/http";

/**
 * «Выйти на всех устройствах»: ends every session of the signed-in user, this one included;
 * with `?others=1`, every session but this one.
 */
export const DELETE = route(async ({ request, user, actor, runtime }) => ({
  ended:
    new URL(request.url).searchParams.get("others") === "1"
      ? await endOtherDevices(runtime, actor)
      : await endAllSessions(runtime.store, runtime.sessionEvents, user.id),
}));
