import { toRoomDto } from "@/lib/chat/dto";
import { listRooms } from "@/lib/chat/rooms";
import { route } from "@/lib/http";

export const GET = route(async ({ runtime }) => (await listRooms(runtime.store)).map(toRoomDto));
