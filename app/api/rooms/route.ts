import { createRoom, listRooms } from "@/lib/chat/rooms";
import { readJson, route, searchParamsOf } from "@/lib/http";

export const GET = route(async ({ deps, actor, request }) => listRooms(deps, actor, searchParamsOf(request)));

export const POST = route(async ({ deps, actor, request }) => createRoom(deps, actor, await readJson(request)), 201);
