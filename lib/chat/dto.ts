import type { Room } from "../db/types";

export interface RoomDto {
  id: number;
  name: string;
  description: string;
  created_at: string;
  created_by: number | null;
  is_default: boolean;
}

export function toRoomDto(room: Room): RoomDto {
  return {
    id: room.id,
    name: room.name,
    description: room.description,
    created_at: room.createdAt.toISOString(),
    created_by: room.createdBy,
    is_default: room.isDefault,
  };
}
