import type { RoomPermissions } from "@/lib/chat/access";
import type { MemberDto, MessageDto, PresenceUserDto, RoomDto } from "@/lib/chat/dto";

export const ME: PresenceUserDto = { id: 1, username: "аня", city: "Москва" };
export const OTHERS: PresenceUserDto[] = [
  { id: 2, username: "борис", city: "Казань" },
  { id: 3, username: "вера", city: "Пермь" },
];

/** A seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  };
  return { next, int, pick, shuffle };
}

export function message(id: number, author: PresenceUserDto, over: Partial<MessageDto> = {}): MessageDto {
  return {
    id,
    content: `сообщение ${id}`,
    username: author.username,
    user_city: author.city,
    timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, id)).toISOString(),
    room_id: 10,
    user_id: author.id,
    client_id: `client-${author.id}-${id}`,
    version: id,
    edited_at: null,
    deleted: false,
    reply_to: null,
    reactions: [],
    ...over,
  };
}

/** What the owner of a public room may do there: everything but invite, since anyone may come in. */
export const OWNER_PERMISSIONS: RoomPermissions = {
  send: true,
  manage: true,
  delete: true,
  invite: false,
  manage_members: true,
  moderate: true,
  set_roles: true,
  leave: false,
  audit: true,
};

/** What a plain member of a public room may do. */
export const MEMBER_PERMISSIONS: RoomPermissions = {
  send: true,
  manage: false,
  delete: false,
  invite: false,
  manage_members: false,
  moderate: false,
  set_roles: false,
  leave: true,
  audit: false,
};

/** A public room I own, unless told otherwise. */
export function room(id: number, over: Partial<RoomDto> = {}): RoomDto {
  return {
    id,
    name: `комната-${id}`,
    description: "",
    created_at: "2026-01-01T00:00:00.000Z",
    created_by: ME.id,
    is_default: false,
    kind: "public",
    my_role: "owner",
    permissions: OWNER_PERMISSIONS,
    last_message_id: null,
    ...over,
  };
}

/** A conversation between me and these people. */
export function direct(id: number, people: PresenceUserDto[], over: Partial<RoomDto> = {}): RoomDto {
  return room(id, {
    name: "",
    created_by: null,
    kind: "direct",
    my_role: "member",
    permissions: { ...MEMBER_PERMISSIONS, leave: people.length > 1, invite: people.length > 1 },
    members: [ME, ...people],
    ...over,
  });
}

export function member(user: PresenceUserDto, over: Partial<MemberDto> = {}): MemberDto {
  return { ...user, role: "member", joined_at: "2026-01-01T00:00:00.000Z", timed_out_until: null, online: false, ...over };
}

/** A Web Storage stand-in for the browser's sessionStorage and localStorage, with its items in view. */
export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}
