import { inviteMember, listMembers } from "@/lib/chat/members";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string };

export const GET = route<Params>(async ({ deps, actor, params }) => listMembers(deps, actor, parseInput(idParamSchema, params.id)));

/** An invitation by username. */
export const POST = route<Params>(
  async ({ deps, actor, params, request }) => inviteMember(deps, actor, parseInput(idParamSchema, params.id), await readJson(request)),
  201,
);
