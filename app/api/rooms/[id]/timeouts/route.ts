import { timeoutMember } from "@/lib/chat/members";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string };

/** `{user_id, seconds, reason?}`: answers the member as they are now. */
export const POST = route<Params>(async ({ deps, actor, params, request }) =>
  timeoutMember(deps, actor, parseInput(idParamSchema, params.id), await readJson(request)),
);
