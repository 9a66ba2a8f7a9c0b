import { setBlocked } from "@/lib/chat/direct";
import { route } from "@/lib/http";

type Params = { id: string };

/** Idempotent both ways: 204 whether or not it was already so. */
export const PUT = route<Params>(async ({ deps, actor, params }) => {
  await setBlocked(deps, actor, params.id, true);
  return new Response(null, { status: 204 });
});

export const DELETE = route<Params>(async ({ deps, actor, params }) => {
  await setBlocked(deps, actor, params.id, false);
  return new Response(null, { status: 204 });
});
