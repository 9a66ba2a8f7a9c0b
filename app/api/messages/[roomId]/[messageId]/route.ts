import { deleteMessage, patchMessage } from "@/lib/chat/messages";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { roomId: string; messageId: string };

const idsOf = (params: Params) => ({ roomId: parseInput(idParamSchema, params.roomId), messageId: parseInput(idParamSchema, params.messageId) });

export const PATCH = route<Params>(async ({ deps, actor, params, request }) => {
  const { roomId, messageId } = idsOf(params);
  return patchMessage(deps, actor, roomId, messageId, await readJson(request));
});

/** Answers with the tombstone. */
export const DELETE = route<Params>(async ({ deps, actor, params }) => {
  const { roomId, messageId } = idsOf(params);
  return deleteMessage(deps, actor, { message_id: messageId }, roomId);
});
