import { listReactors, react, removeReactionOf } from "@/lib/chat/messages";
import { idParamSchema, reactionOwnerQuerySchema } from "@/lib/chat/schemas";
import { route, searchParamsOf } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { roomId: string; messageId: string; emoji: string };

// Next hands the emoji segment over already decoded from its %-escapes.
const targetOf = (params: Params) => ({
  roomId: parseInput(idParamSchema, params.roomId),
  reaction: { message_id: parseInput(idParamSchema, params.messageId), emoji: params.emoji },
});

/** Who reacted with this emoji, earliest first. */
export const GET = route<Params>(async ({ deps, actor, params, request }) => {
  const { roomId, reaction } = targetOf(params);
  return listReactors(deps, actor, roomId, reaction, searchParamsOf(request));
});

/** Idempotent: adding a reaction one already has changes nothing and still answers 204. */
export const PUT = route<Params>(async ({ deps, actor, params }) => {
  const { roomId, reaction } = targetOf(params);
  await react(deps, actor, "add", reaction, roomId);
  return new Response(null, { status: 204 });
});

/** One's own reaction, or with `?user_id=` (moderators) someone else's. */
export const DELETE = route<Params>(async ({ deps, actor, params, request }) => {
  const { roomId, reaction } = targetOf(params);
  const { user_id } = parseInput(reactionOwnerQuerySchema, searchParamsOf(request));
  await removeReactionOf(deps, actor, roomId, reaction, user_id ?? actor.id);
  return new Response(null, { status: 204 });
});
