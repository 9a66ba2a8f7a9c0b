import { removeMember, updateMember } from "@/lib/chat/members";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string; userId: string };

const targetOf = (params: Params) => ({ roomId: parseInput(idParamSchema, params.id), userId: parseInput(idParamSchema, params.userId) });

/** `{role}`: moderator or member, or `owner` to hand the room over. */
export const PATCH = route<Params>(async ({ deps, actor, params, request }) => {
  const { roomId, userId } = targetOf(params);
  return updateMember(deps, actor, roomId, userId, await readJson(request));
});

/** A kick, or leaving when the user is oneself. */
export const DELETE = route<Params>(async ({ deps, actor, params }) => {
  const { roomId, userId } = targetOf(params);
  await removeMember(deps, actor, roomId, userId);
  return new Response(null, { status: 204 });
});
