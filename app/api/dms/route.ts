import { openDirect } from "@/lib/chat/direct";
import { readJson, route } from "@/lib/http";

/** `{usernames}`: the conversation with them, 201 when it was opened now, 200 when it existed. */
export const POST = route(async ({ deps, actor, request }) => {
  const { room, created } = await openDirect(deps, actor, await readJson(request));
  return Response.json(room, { status: created ? 201 : 200 });
});
