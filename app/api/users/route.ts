import { findProfile } from "@/lib/chat/direct";
import { route, searchParamsOf } from "@/lib/http";

/** `?username=`: the profile card of that person. */
export const GET = route(async ({ deps, actor, request }) => findProfile(deps, actor, searchParamsOf(request)));
