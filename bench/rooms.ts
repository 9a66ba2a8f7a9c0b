import autocannon from "autocannon";
import { performance } from "node:perf_hooks";
import { directKeyOf } from "../lib/db/direct-key";
import { hammer, type PageStats } from "./history";
import { cpuMs } from "./procs";
import type { BenchDb, RoomWorld, SeededWorld, WorldRoom } from "./seed";
import { round } from "./stats";

/**
 * The room list of someone with many rooms (`GET /api/rooms`, what the sidebar and the chat page load):
 * thousands of public rooms, private rooms and conversations of other people around them, a million
 * messages spread unevenly over all of them, and the measured person in 200 rooms of every kind, banned
 * from one public room and blocking one person they talk to.
 */
export interface RoomsPlan {
  users: number;
  publicRooms: number;
  privateRooms: number;
  directs: number;
  messages: number;
  durationS: number;
}

/**
 * The measured person's 200 memberships: 50 public rooms (5 their own), 75 private rooms (15 their own,
 * moderating 10) and 75 conversations (5 of them groups). The 150 private rooms and conversations all fit
 * the first page's share of one's own rooms (OWN_ROOMS_ON_FIRST_PAGE, 200), so the whole of that query's
 * ordering is checked.
 */
export const MINE = { public: 50, publicOwned: 5, private: 75, privateOwned: 15, privateModerated: 10, direct: 75, groups: 5 } as const;
/** The public room the measured person is banned from: the 38th by id, so it would be on the first page if it were listed. */
const BANNED_PUBLIC_ORDINAL = 37;
/** A public page's size when the request names none (ROOM_PAGE_DEFAULT). */
const PAGE = 100;
/** A share of rooms that never had a message: ordered after the rest, by id. */
const EMPTY_SHARE = 0.05;
const CONCURRENT_CONNECTIONS = 10;

type Role = "owner" | "moderator" | "member";

interface PlannedWorld {
  world: RoomWorld;
  me: number;
  /** The measured person's role in each room they are a member of, by room index. */
  mine: Map<number, Role>;
  bannedRoom: number;
  /** The one-to-one conversation with the person the measured person blocks. */
  blockedRoom: number;
  people: number[][];
}

/** A small seeded generator (mulberry32): the same world on both databases and in every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(random() * n);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  };
  return { random, int, shuffle };
}

export function planWorld(userIds: number[], plan: RoomsPlan, seed = 20261127): PlannedWorld {
  const { random, int, shuffle } = generator(seed);
  const [me, ...others] = userIds;
  if (me === undefined || others.length < MINE.direct + 10) throw new Error(`the rooms scenario needs at least ${MINE.direct + 11} users`);
  const someone = (except: Set<number>) => {
    for (;;) {
      const user = others[int(others.length)] ?? 0;
      if (!except.has(user)) return user;
    }
  };

  // Kinds interleaved in id order, as rooms of every kind are created side by side.
  const kinds = shuffle([
    ...Array.from({ length: plan.publicRooms }, () => "public" as const),
    ...Array.from({ length: plan.privateRooms }, () => "private" as const),
    ...Array.from({ length: plan.directs }, () => "direct" as const),
  ]);
  const indicesOf = (kind: WorldRoom["kind"]) => kinds.flatMap((k, i) => (k === kind ? [i] : []));
  const publicRooms = indicesOf("public");
  const privateRooms = indicesOf("private");
  const directRooms = indicesOf("direct");
  const rooms: WorldRoom[] = kinds.map(() => ({ kind: "public", name: "", createdBy: null, isGroup: false, directKey: null }));
  const people: number[][] = kinds.map(() => []);
  const members: RoomWorld["members"] = [];
  const mine = new Map<number, Role>();
  const join = (room: number, userId: number, role: Role) => {
    members.push({ room, userId, role });
    people[room]?.push(userId);
    if (userId === me) mine.set(room, role);
  };
  const withGuests = (room: number, count: number) => {
    const present = new Set(people[room]);
    present.add(me);
    for (let i = 0; i < count; i++) {
      const guest = someone(present);
      present.add(guest);
      join(room, guest, "member");
    }
  };

  const bannedRoom = publicRooms[BANNED_PUBLIC_ORDINAL] ?? 0;
  const myPublic = shuffle(publicRooms.filter((room) => room !== bannedRoom)).slice(0, MINE.public);
  const publicOwned = new Set(myPublic.slice(0, MINE.publicOwned));
  const publicJoined = new Set(myPublic.slice(MINE.publicOwned));
  publicRooms.forEach((room, ordinal) => {
    const owner = publicOwned.has(room) ? me : someone(new Set());
    rooms[room] = { kind: "public", name: `bench-public-${ordinal}`, createdBy: owner, isGroup: false, directKey: null };
    join(room, owner, "owner");
    if (publicJoined.has(room)) join(room, me, "member");
    withGuests(room, int(9));
  });
  const bannedBy = people[bannedRoom]?.[0] ?? 0;

  const myPrivate = shuffle([...privateRooms]).slice(0, MINE.private);
  const privateRole = new Map(myPrivate.map((room, i): [number, Role] => [room, i < MINE.privateOwned ? "owner" : i < MINE.privateOwned + MINE.privateModerated ? "moderator" : "member"]));
  privateRooms.forEach((room, ordinal) => {
    const role = privateRole.get(room);
    const owner = role === "owner" ? me : someone(new Set());
    rooms[room] = { kind: "private", name: `bench-private-${ordinal}`, createdBy: owner, isGroup: false, directKey: null };
    join(room, owner, "owner");
    if (role && role !== "owner") join(room, me, role);
    withGuests(room, 1 + int(8));
  });

  const keys = new Set<string>();
  const openDirect = (room: number, group: number[]) => {
    const directKey = directKeyOf(group);
    keys.add(directKey);
    rooms[room] = { kind: "direct", name: "", createdBy: null, isGroup: group.length > 2, directKey };
    for (const person of group) join(room, person, "member");
  };
  const myDirect = shuffle([...directRooms]).slice(0, MINE.direct);
  const partners = shuffle([...others]).slice(0, MINE.direct - MINE.groups);
  myDirect.forEach((room, i) => {
    const partner = partners[i];
    if (partner !== undefined) return openDirect(room, [me, partner]);
    const group = [me];
    for (let size = 3 + int(2); group.length < size; ) {
      const person = someone(new Set(group));
      group.push(person);
    }
    openDirect(room, group);
  });
  const myDirectSet = new Set(myDirect);
  for (const room of directRooms) {
    if (myDirectSet.has(room)) continue;
    for (;;) {
      const group: number[] = [someone(new Set())];
      const size = random() < 0.05 ? 3 : 2;
      while (group.length < size) group.push(someone(new Set([...group, me])));
      if (keys.has(directKeyOf(group))) continue;
      openDirect(room, group);
      break;
    }
  }
  const blockedRoom = myDirect[0] ?? 0;
  const blocked = partners[0] ?? 0;

  // Activity: Zipf over a random ranking of the rooms (the busiest holds about a tenth of all messages),
  // and a few rooms never written in.
  const weights = new Float64Array(rooms.length);
  shuffle(rooms.map((_, i) => i)).forEach((room, rank) => {
    weights[room] = random() < EMPTY_SHARE ? 0 : 1 / (rank + 1);
  });
  const cumulative = new Float64Array(rooms.length);
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight;
    cumulative[i] = sum;
  });
  const messageRooms = new Int32Array(plan.messages);
  const messageAuthors = new Int32Array(plan.messages);
  for (let k = 0; k < plan.messages; k++) {
    const target = random() * sum;
    let low = 0;
    let high = rooms.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    const inRoom = people[low] ?? [];
    messageRooms[k] = low;
    messageAuthors[k] = inRoom[int(inRoom.length)] ?? me;
  }

  return {
    world: { rooms, members, bans: [{ room: bannedRoom, userId: me, bannedBy }], blocks: [{ blockerId: me, blockedId: blocked }], messageRooms, messageAuthors },
    me,
    mine,
    bannedRoom,
    blockedRoom,
    people,
  };
}

/** What the store must answer, derived from the plan alone: never from the queries under test. */
function expected(planned: PlannedWorld, seeded: SeededWorld, defaultRoomId: number) {
  const { world, mine } = planned;
  const lastIndex = new Map<number, number>();
  world.messageRooms.forEach((room, k) => lastIndex.set(room, k));
  const lastMessageId = (room: number) => {
    const k = lastIndex.get(room);
    return k === undefined ? null : seeded.firstMessageId + k;
  };
  const idOf = (room: number) => seeded.roomIds[room] ?? 0;
  const own = [...mine.keys()]
    .filter((room) => world.rooms[room]?.kind !== "public")
    .sort((a, b) => (lastMessageId(b) ?? 0) - (lastMessageId(a) ?? 0) || idOf(b) - idOf(a))
    .map(idOf);
  const publicIds = world.rooms
    .flatMap((room, i) => (room.kind === "public" && i !== planned.bannedRoom ? [idOf(i)] : []))
    .sort((a, b) => a - b);
  const byId = new Map(world.rooms.map((room, i) => [idOf(i), { index: i, room, last: lastMessageId(i), role: mine.get(i) ?? null, people: planned.people[i] ?? [] }]));
  return {
    firstPage: [defaultRoomId, ...own, ...publicIds.slice(0, PAGE)],
    own,
    secondPage: publicIds.slice(PAGE, 2 * PAGE),
    byId,
    bannedId: idOf(planned.bannedRoom),
    blockedId: idOf(planned.blockedRoom),
  };
}

interface ListedRoom {
  id: number;
  kind: WorldRoom["kind"];
  is_default: boolean;
  my_role: Role | null;
  last_message_id: number | null;
  permissions: { send: boolean };
  members?: { id: number }[];
}

export interface RoomsCheck {
  name: string;
  pass: boolean;
  detail: string;
}

interface ListedPage {
  rooms: number;
  bytes: number;
  /** The product's CPU time (user + system) per request while one client asked again and again: less at the mercy of other processes than a latency. */
  serverCpuMs: number;
}

export interface RoomsResult {
  rooms: { public: number; private: number; direct: number; users: number; memberships: number };
  messages: number;
  seedMs: number;
  firstPage: PageStats & ListedPage;
  secondPage: PageStats & ListedPage;
  concurrent: { connections: number; rps: number; p50: number; p99: number; errors: number; non2xx: number };
  checks: RoomsCheck[];
}

async function listed(url: string, cookie: string): Promise<{ rooms: ListedRoom[]; bytes: number }> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { rooms: JSON.parse(text) as ListedRoom[], bytes: Buffer.byteLength(text) };
}

const sameList = (got: number[], want: number[]) => got.length === want.length && got.every((id, i) => id === want[i]);
/** Where two lists of ids part, for a failure's detail. */
const firstDifference = (got: number[], want: number[]) => {
  const at = got.findIndex((id, i) => id !== want[i]);
  const i = at === -1 ? Math.min(got.length, want.length) : at;
  return `lengths ${got.length}/${want.length}, first difference at ${i}: got ${got[i]} want ${want[i]}`;
};

/** Like hammer, with the server's CPU time per request. */
async function hammerCounted(url: string, cookie: string, durationS: number, serverPid: number) {
  const before = cpuMs(serverPid);
  const stats = await hammer(url, cookie, durationS);
  return { stats, serverCpuMs: round((cpuMs(serverPid) - before) / Math.max(stats.requests, 1), 2) };
}

export async function runRooms(options: {
  baseUrl: string;
  serverPid: number;
  db: BenchDb;
  userIds: number[];
  cookie: string;
  defaultRoomId: number;
  plan: RoomsPlan;
}): Promise<RoomsResult> {
  const { baseUrl, db, cookie, plan } = options;
  const planned = planWorld(options.userIds, plan);
  const seedStarted = performance.now();
  const seeded = await db.seedRoomWorld(planned.world);
  const seedMs = performance.now() - seedStarted;
  const want = expected(planned, seeded, options.defaultRoomId);
  const checks: RoomsCheck[] = [];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });

  check(
    "seeded messages have consecutive ids in the order planned",
    seeded.lastMessageId - seeded.firstMessageId + 1 === plan.messages,
    `ids ${seeded.firstMessageId}…${seeded.lastMessageId} for ${plan.messages} messages`,
  );

  const firstUrl = `${baseUrl}/api/rooms`;
  const first = await listed(firstUrl, cookie);
  const firstIds = first.rooms.map((room) => room.id);
  const lastPublic = firstIds.at(-1) ?? 0;
  const secondUrl = `${baseUrl}/api/rooms?after=${lastPublic}`;
  const second = await listed(secondUrl, cookie);
  const secondIds = second.rooms.map((room) => room.id);
  const both = [...first.rooms, ...second.rooms];

  check(
    `first page: the default room, the ${want.own.length} own private rooms and conversations by latest activity, then ${PAGE} public rooms by id`,
    sameList(firstIds, want.firstPage),
    sameList(firstIds, want.firstPage)
      ? `${first.rooms.length} rooms, ${round(first.bytes / 1024, 1)} KiB`
      : firstDifference(firstIds, want.firstPage),
  );
  check(
    `second page (after=${lastPublic}): the next ${PAGE} public rooms by id, nothing else`,
    sameList(secondIds, want.secondPage),
    sameList(secondIds, want.secondPage) ? `${second.rooms.length} rooms, ${round(second.bytes / 1024, 1)} KiB` : firstDifference(secondIds, want.secondPage),
  );
  const foreign = both.filter((room) => room.kind !== "public" && (want.byId.get(room.id)?.role ?? null) === null);
  check(
    "no room the reader is banned from, no private room or conversation of others",
    foreign.length === 0 && !both.some((room) => room.id === want.bannedId),
    `foreign ${foreign.length} (${foreign.slice(0, 5).map((room) => `${room.kind} ${room.id}`).join(", ")}), banned room ${want.bannedId} listed: ${both.some((room) => room.id === want.bannedId)}`,
  );
  const wrongLast = both.filter((room) => !room.is_default && room.last_message_id !== (want.byId.get(room.id)?.last ?? null));
  check("every room's last_message_id is its newest message", wrongLast.length === 0, `${wrongLast.length} wrong (${wrongLast.slice(0, 3).map((room) => `${room.id}: ${room.last_message_id} want ${want.byId.get(room.id)?.last}`).join(", ")})`);
  const wrongRole = both.filter((room) => room.kind !== "direct" && !room.is_default && room.my_role !== (want.byId.get(room.id)?.role ?? null));
  check("the reader's role in each room (owner, moderator, member, none)", wrongRole.length === 0, `${wrongRole.length} wrong`);
  const directs = first.rooms.filter((room) => room.kind === "direct");
  const wrongPeople = directs.filter((room) => {
    const planned = [...(want.byId.get(room.id)?.people ?? [])].sort((a, b) => a - b);
    return !sameList((room.members ?? []).map((person) => person.id), planned);
  });
  check(`each of the ${directs.length} conversations lists its people`, directs.length === MINE.direct && wrongPeople.length === 0, `${wrongPeople.length} wrong`);
  const blocked = first.rooms.find((room) => room.id === want.blockedId);
  const othersSend = directs.filter((room) => room.id !== want.blockedId).every((room) => room.permissions.send);
  check(
    "the conversation with a blocked person stays listed without send; the others may send",
    blocked !== undefined && !blocked.permissions.send && othersSend,
    `blocked listed ${blocked !== undefined}, send ${blocked?.permissions.send}; others send ${othersSend}`,
  );

  const { stats: firstStats, serverCpuMs: firstCpu } = await hammerCounted(firstUrl, cookie, plan.durationS, options.serverPid);
  const { stats: secondStats, serverCpuMs: secondCpu } = await hammerCounted(secondUrl, cookie, plan.durationS, options.serverPid);
  const loaded = await autocannon({ url: firstUrl, connections: CONCURRENT_CONNECTIONS, duration: plan.durationS, headers: { cookie }, timeout: 10 });
  check(
    "room list pages answer without errors and carry Server-Timing",
    [firstStats, secondStats].every((stats) => stats.errors + stats.non2xx === 0 && stats.server.p50 > 0 && stats.app.p50 > 0) && loaded.errors + loaded.timeouts + loaded.non2xx === 0,
    `errors ${firstStats.errors + secondStats.errors}, non-2xx ${firstStats.non2xx + secondStats.non2xx}, under load ${loaded.errors + loaded.timeouts} / ${loaded.non2xx}`,
  );
  const count = (kind: WorldRoom["kind"]) => planned.world.rooms.filter((room) => room.kind === kind).length;
  return {
    rooms: { public: count("public"), private: count("private"), direct: count("direct"), users: options.userIds.length, memberships: planned.world.members.length },
    messages: plan.messages,
    seedMs,
    firstPage: { ...firstStats, rooms: first.rooms.length, bytes: first.bytes, serverCpuMs: firstCpu },
    secondPage: { ...secondStats, rooms: second.rooms.length, bytes: second.bytes, serverCpuMs: secondCpu },
    concurrent: {
      connections: CONCURRENT_CONNECTIONS,
      rps: round(loaded.requests.average, 0),
      p50: loaded.latency.p50,
      p99: loaded.latency.p99,
      errors: loaded.errors + loaded.timeouts,
      non2xx: loaded.non2xx,
    },
    checks,
  };
}
