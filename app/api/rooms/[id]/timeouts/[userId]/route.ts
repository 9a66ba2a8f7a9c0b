import { endTimeout } from "@/lib/chat/members";
import { idParamSchema } from "@/lib/chat/schemas";
import { route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string; userId: string };

export const DELETE = route<Params>(async ({ deps, actor, params }) => {
  await endTimeout(deps, actor, parseInput(idParamSchema, params.id), parseInput(idParamSchema, params.userId));
  return new Response(null, { status: 204 });
});
