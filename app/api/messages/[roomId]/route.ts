import { listMessages, postMessage } from "@/lib/chat/messages";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route, searchParamsOf } from "@/lib/http";
import { parseInput } from "@/lib/validation";

const roomIdOf = (params: { roomId: string }) => parseInput(idParamSchema, params.roomId);

export const GET = route<{ roomId: string }>(async ({ deps, actor, params, request }) =>
  listMessages(deps, actor, roomIdOf(params), searchParamsOf(request)),
);

export const POST = route<{ roomId: string }>(
  async ({ deps, actor, params, request }) => postMessage(deps, actor, roomIdOf(params), await readJson(request)),
  201,
);
