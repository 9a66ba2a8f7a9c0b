import type { Redis } from "ioredis";
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { MessageRules } from "./chat/access";
import type { RoomQuota } from "./db/types";
import type { Limits } from "./env";
import { ChatError } from "./errors";
import type { ErrorKey } from "./i18n/catalogue";

/**
 * A named budget of attempts per key; every limit of the app is one of these. Attempts are spent
 * before the work they pay for, in one atomic step of the limiter: a check-then-count would let a
 * burst of simultaneous requests all pass the check before any of them is counted.
 */
export interface Throttle {
  /** Spends one attempt, or throws rate_limited (with when to retry) when none are left. */
  take(key: string): Promise<void>;
  /** Gives one spent attempt back (a login that turned out to be the owner's). */
  refund(key: string): Promise<void>;
}

export interface Throttles {
  messages: Throttle;
  /** Login attempts per username, from browsers that have not signed into that account before. */
  loginAttemptsByName: Throttle;
  /** Login attempts per browser that has signed into the account before (see lib/auth/device.ts). */
  loginAttemptsByDevice: Throttle;
  loginAttemptsByIp: Throttle;
  /** Every registration form sent from an address, whatever its outcome. */
  registrationsByIp: Throttle;
  roomCreations: Throttle;
  reactions: Throttle;
  /** Per user and room: what bounds the typing traffic whatever a client sends. */
  typing: Throttle;
}

const OPEN: Throttle = { take: async () => {}, refund: async () => {} };

function refusal(message: ErrorKey, msBeforeNext: number): ChatError {
  const retryAfterMs = Math.max(1, Math.ceil(msBeforeNext));
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new ChatError("rate_limited", message, { retryAfterMs, values: { seconds, minutes: Math.ceil(seconds / 60) } });
}

function throttle(limiter: RateLimiterAbstract | BurstyRateLimiter, message: ErrorKey): Throttle {
  return {
    async take(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        // A RateLimiterRes means "no points left"; anything else is the limiter's store failing.
        if (rejection instanceof RateLimiterRes) throw refusal(message, rejection.msBeforeNext);
        throw rejection;
      }
    },
    async refund(key) {
      if (!(limiter instanceof BurstyRateLimiter)) await limiter.reward(key, 1);
    },
  };
}

/**
 * In memory for one instance; in Redis when several share it, with the memory limiter as insurance
 * so a Redis outage relaxes limits to per-instance ones instead of failing every request.
 */
function limiterFor(name: string, points: number, durationSeconds: number, redis: Redis | undefined): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: durationSeconds });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `discock:${name}`,
    points,
    duration: durationSeconds,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
}

const FIFTEEN_MINUTES = 15 * 60;
/** At most one «is typing» per user and room is relayed in this time; clients signal no more often either. */
export const TYPING_RELAY_SECONDS = 3;
const HOUR = 60 * 60;
/** A short run of messages above the steady rate is fine (pasting a few lines); this is how much. */
const BURST_FACTOR = 2;

export function createThrottles(limits: Limits, redis?: Redis): Throttles {
  const perWindow = (points: number, seconds: number, name: string, message: ErrorKey) =>
    points > 0 && seconds > 0 ? throttle(limiterFor(name, points, seconds, redis), message) : OPEN;

  const { messagesPerWindow: points, messageWindowSeconds: window } = limits;
  const messages =
    points > 0 && window > 0
      ? throttle(
          new BurstyRateLimiter(
            limiterFor("messages", points, window, redis),
            limiterFor("messages-burst", points * BURST_FACTOR, window * 6, redis),
          ),
          "too_many_messages",
        )
      : OPEN;

  return {
    messages,
    // Reactions are toggled quickly, so they get a budget of their own at the sending rate, not a share of it.
    reactions: perWindow(points, window, "reactions", "too_many_reactions_added"),
    typing: perWindow(1, TYPING_RELAY_SECONDS, "typing", "too_many_messages"),
    loginAttemptsByName: perWindow(limits.loginFailuresPerUsername, FIFTEEN_MINUTES, "login-username", "too_many_logins"),
    loginAttemptsByDevice: perWindow(limits.loginFailuresPerUsername, FIFTEEN_MINUTES, "login-device", "too_many_logins"),
    loginAttemptsByIp: perWindow(limits.loginFailuresPerIp, FIFTEEN_MINUTES, "login-ip", "too_many_logins"),
    registrationsByIp: perWindow(
      limits.registrationsPerIp,
      HOUR,
      "registrations-ip",
      "too_many_registrations",
    ),
    roomCreations: perWindow(
      limits.roomsPerHour,
      HOUR,
      "room-creations",
      "too_many_rooms_created",
    ),
  };
}

export function messageRulesOf(limits: Limits): MessageRules {
  return { editWindowSeconds: limits.messageEditWindowSeconds };
}

export function roomQuotaOf(limits: Limits): RoomQuota {
  return { perCreator: limits.roomsPerUser, total: limits.roomsTotal };
}
