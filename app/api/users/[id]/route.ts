import { getProfile } from "@/lib/chat/direct";
import { route } from "@/lib/http";

type Params = { id: string };

/** The profile card. */
export const GET = route<Params>(async ({ deps, actor, params }) => getProfile(deps, actor, params.id));
