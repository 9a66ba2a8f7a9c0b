import type { SessionEvents } from "./auth/session";
import type { ChatDeps, ChatEvents } from "./chat/events";
import type { Store } from "./db/types";
import { messageRulesOf, roomQuotaOf, type Throttles } from "./limits";
import type { RedisState } from "./redis";
import type { Config } from "./env";

/** What server.ts creates once and Next's route handlers, pages and actions use. */
export interface Runtime {
  config: Config;
  store: Store;
  events: ChatEvents;
  sessionEvents: SessionEvents;
  throttles: Throttles;
  redisState: () => RedisState;
}

// Next bundles its own copy of every lib/ module, so a module-level variable would not be shared with server.ts.
const RUNTIME_KEY = Symbol.for("discock.runtime");
type RuntimeHolder = typeof globalThis & { [RUNTIME_KEY]?: Runtime };

export function installRuntime(runtime: Runtime): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as RuntimeHolder)[RUNTIME_KEY];
  if (!runtime) {
    throw new Error("Discock is not started: run it through server.ts (npm start or npm run dev), not `next start`");
  }
  return runtime;
}

export function chatDeps(runtime: Runtime = getRuntime()): ChatDeps {
  return {
    store: runtime.store,
    events: runtime.events,
    throttles: runtime.throttles,
    roomQuota: roomQuotaOf(runtime.config.limits),
    messageRules: messageRulesOf(runtime.config.limits),
  };
}
