import { listAudit } from "@/lib/chat/audit";
import { idParamSchema } from "@/lib/chat/schemas";
import { route, searchParamsOf } from "@/lib/http";
import { parseInput } from "@/lib/validation";

type Params = { id: string };

export const GET = route<Params>(async ({ deps, actor, params, request }) =>
  listAudit(deps, actor, parseInput(idParamSchema, params.id), searchParamsOf(request)),
);
