import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, onTestFinished } from "vitest";
import { openSqliteStore } from "../../db/sqlite/store";
import type { Room, Store, User } from "../../db/types";
import type { Limits } from "../../env";
import { isChatError, type ErrorCode } from "../../errors";
import { createThrottles, messageRulesOf, roomQuotaOf } from "../../limits";
import type { PresenceUserDto } from "../dto";
import type { Actor, Audience, ChatDeps, ChatEvents, EventName, EventPayload, RoomChannels } from "../events";
import { seedDefaultRoom } from "../rooms";

/** Everything a use case announced, in order, with whom it was addressed to. */
export interface Published {
  event: EventName;
  payload: unknown;
  audience: Audience;
}

export class RecordingEvents implements ChatEvents {
  readonly published: Published[] = [];
  readonly closedRooms: number[] = [];

  publish<E extends EventName>(event: E, payload: EventPayload<E>, audience: Audience): void {
    this.published.push({ event, payload, audience });
  }

  closeRoom(roomId: number): void {
    this.closedRooms.push(roomId);
  }

  readonly unsubscribed: { roomId: number; who: { userIds: number[] } | { allBut: number[] } }[] = [];
  /** Who the tests say is connected. */
  readonly connected = new Set<number>();

  unsubscribe(roomId: number, who: { userIds: number[] } | { allBut: number[] }): void {
    this.unsubscribed.push({ roomId, who });
  }

  online(userIds: number[]): Promise<Set<number>> {
    return Promise.resolve(new Set(userIds.filter((id) => this.connected.has(id))));
  }

  presentIn(): Promise<PresenceUserDto[]> {
    return Promise.resolve([]);
  }
}

/** Generous enough that only a test that lowers one of them meets a limit. */
export const ROOMY_LIMITS: Limits = {
  messagesPerWindow: 1000,
  messageWindowSeconds: 60,
  loginFailuresPerUsername: 1000,
  loginFailuresPerIp: 1000,
  registrationsPerIp: 1000,
  socketsPerUser: 100,
  roomsPerHour: 1000,
  roomsPerUser: 1000,
  roomsTotal: 10_000,
  messageEditWindowSeconds: 0,
};

const tag = () => randomBytes(5).toString("hex");

export interface SignedIn {
  user: User;
  actor: Actor;
  /** As the handshake shows the person to others. */
  present: PresenceUserDto;
}

export interface ChatHarness {
  store: Store;
  events: RecordingEvents;
  deps: ChatDeps;
  defaultRoom: Room;
  /** A second connection to the same file, for counting rows the Store has no method to count. */
  rows(table: "rooms" | "messages" | "room_members" | "users"): number;
  signIn(username?: string): Promise<SignedIn>;
}

/** A real SQLite file per test, migrated from drizzle/sqlite, with the default room seeded as server.ts does. */
export async function openChat(limits: Partial<Limits> = {}): Promise<ChatHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "discock-chat-"));
  const file = path.join(dir, "chat.db");
  const store = openSqliteStore(file);
  const raw = new Database(file, { readonly: true });
  onTestFinished(async () => {
    raw.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const effective = { ...ROOMY_LIMITS, ...limits };
  const events = new RecordingEvents();
  const deps: ChatDeps = {
    store,
    events,
    throttles: createThrottles(effective),
    roomQuota: roomQuotaOf(effective),
    messageRules: messageRulesOf(effective),
  };
  const defaultRoom = await seedDefaultRoom(store);

  return {
    store,
    events,
    deps,
    defaultRoom,
    rows: (table) => raw.prepare(`select count(*) from ${table}`).pluck().get() as number,
    async signIn(username = `user_${tag()}`) {
      const user = await store.insertUser({ username, email: `${username}@example.test`, passwordHash: "not-a-hash", city: "Омск" });
      const sessionId = `s_${tag()}`;
      await store.insertSession({ id: sessionId, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) });
      return { user, actor: { id: user.id, sessionId }, present: { id: user.id, username: user.username, city: user.city } };
    },
  };
}

/** The ChatError a refused call threw; fails the test when it resolved or threw anything else. */
export async function refusal(attempt: Promise<unknown>, code: ErrorCode) {
  const outcome = await attempt.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isChatError(outcome)) {
    const got = outcome === null ? "success" : outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : typeof outcome;
    throw new Error(`expected ChatError(${code}), got ${got}`, { cause: outcome });
  }
  expect(outcome.code).toBe(code);
  return outcome;
}

/**
 * Socket.IO's side of presence, in memory: connections subscribe to rooms, and the test reads who is
 * present and which departures were announced.
 */
export class ChannelHub {
  private readonly subscriptions = new Map<number, Map<string, PresenceUserDto>>();
  readonly leaves: { roomId: number; userId: number }[] = [];
  private next = 0;

  connect(user: PresenceUserDto): RoomChannels & { id: string } {
    const id = `conn_${++this.next}`;
    const inRoom = (roomId: number) => {
      let room = this.subscriptions.get(roomId);
      if (!room) this.subscriptions.set(roomId, (room = new Map<string, PresenceUserDto>()));
      return room;
    };
    return {
      id,
      subscribe: (roomId) => {
        inRoom(roomId).set(id, user);
        return Promise.resolve();
      },
      unsubscribe: (roomId) => Promise.resolve(inRoom(roomId).delete(id)),
      // One entry per person however many connections they hold, as the RoomChannels contract says.
      presentIn: (roomId) => Promise.resolve([...new Map([...inRoom(roomId).values()].map((u) => [u.id, u])).values()]),
      isPresent: (roomId, userId) => Promise.resolve([...inRoom(roomId).values()].some((u) => u.id === userId)),
      announceLeave: (roomId, userId) => {
        this.leaves.push({ roomId, userId });
      },
    };
  }

  isSubscribed(connectionId: string, roomId: number): boolean {
    return this.subscriptions.get(roomId)?.has(connectionId) ?? false;
  }
}
