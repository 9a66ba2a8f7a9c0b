import { Redis } from "ioredis";
import { log } from "./log";

export type RedisState = "off" | "ok" | "unavailable";

export interface RedisLink {
  /** Commands, including the rate limiters' counters and the adapter's publishes. */
  client: Redis;
  /** Subscriptions need a connection of their own. */
  subscriber: Redis;
  state(): RedisState;
  close(): Promise<void>;
}

/**
 * Connects lazily and keeps retrying for ever: while Redis is away an instance serves its own
 * clients (local rooms, in-memory limits) and /api/health says so; when it returns, they rejoin.
 */
export async function connectRedis(url: string): Promise<RedisLink> {
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
  };
  const client = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
  let reported: RedisState = "ok";
  for (const connection of [client, subscriber]) {
    connection.on("error", (err: Error) => {
      if (reported !== "unavailable") log.warn("redis unavailable", { error: err.message });
      reported = "unavailable";
    });
    connection.on("ready", () => {
      if (reported === "unavailable") log.info("redis is back");
      reported = "ok";
    });
  }
  await Promise.all([client.connect(), subscriber.connect()]);
  return {
    client,
    subscriber,
    state: () => (client.status === "ready" && subscriber.status === "ready" ? "ok" : "unavailable"),
    async close() {
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}

/** Where a process that ends sessions (the admin CLI) names them, so every instance closes their sockets at once. */
export const SESSIONS_ENDED_CHANNEL = "discock:sessions-ended";

/**
 * A short-lived connection for a process without sockets (the admin CLI): it must neither retry for
 * ever nor linger. Rejects when Redis cannot be reached; `quit` waits for what was sent to be answered.
 */
export async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 3_000,
    retryStrategy: () => null,
  });
  // connect() and the commands reject with the same error; the event would only print it a second time.
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    const result = await work(redis);
    await redis.quit();
    return result;
  } finally {
    redis.disconnect();
  }
}

export function publishEndedSessions(url: string, sessionIds: string[]): Promise<void> {
  return withRedis(url, async (redis) => {
    await redis.publish(SESSIONS_ENDED_CHANNEL, JSON.stringify(sessionIds));
  });
}
