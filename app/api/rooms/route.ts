import { createRoom, listRooms } from "@/lib/chat/rooms";
import { readJson, route } from "@/lib/http";

export const GET = route(async ({ deps }) => listRooms(deps));

export const POST = route(async ({ deps, user, request }) => createRoom(deps, user, await readJson(request)), 201);
