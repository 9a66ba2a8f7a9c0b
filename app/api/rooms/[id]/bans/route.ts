import { banMember, listBans } from "@/lib/chat/members";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string };

export const GET = route<Params>(async ({ deps, actor, params }) => listBans(deps, actor, parseInput(idParamSchema, params.id)));

/** `{user_id, reason?}`; banning someone already banned changes nothing and still answers 204. */
export const POST = route<Params>(async ({ deps, actor, params, request }) => {
  await banMember(deps, actor, parseInput(idParamSchema, params.id), await readJson(request));
  return new Response(null, { status: 204 });
});
