import { endDevice } from "@/lib/auth/profile";
import { route } from "@/lib/http";

/** Ends one of the signed-in user's own sessions; another user's id is answered 404 like a missing one. */
export const DELETE = route<{ id: string }>(async ({ actor, params, runtime }) => {
  await endDevice(runtime, actor, params.id);
  return new Response(null, { status: 204 });
});
