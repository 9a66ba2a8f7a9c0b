import { deleteRoom, updateRoom } from "@/lib/chat/rooms";
import { idParamSchema } from "@/lib/chat/schemas";
import { readJson, route } from "@/lib/http";
import { parseInput } from "@/lib/validation";

const roomIdOf = (params: { id: string }) => parseInput(idParamSchema, params.id);

export const PATCH = route<{ id: string }>(async ({ deps, actor, params, request }) =>
  updateRoom(deps, actor, roomIdOf(params), await readJson(request)),
);

export const DELETE = route<{ id: string }>(async ({ deps, actor, params }) => deleteRoom(deps, actor, roomIdOf(params)));
