import { parseArgs } from "node:util";
import { resetPassword, registerUser, setUserActive } from "../lib/auth/accounts";
import { deleteRoomAsOperator, listRooms } from "../lib/chat/rooms";
import { idParamSchema, ROOM_PAGE_MAX } from "../lib/chat/schemas";
import { openStore } from "../lib/db/open";
import type { Store } from "../lib/db/types";
import { ConfigError, loadEnvFiles, operatorLocale, readConfig, type Config } from "../lib/env";
import { isChatError } from "../lib/errors";
import { errorText } from "../lib/i18n/translate";
import { createThrottles } from "../lib/limits";
import { publishEndedSessions, withRedis } from "../lib/redis";
import type { ChatEvents } from "../lib/chat/events";
import { createRedisFanout } from "../lib/realtime/fanout";
import { parseInput } from "../lib/validation";

const USAGE = `Discock admin: what an operator needs without a UI. Uses the same DATABASE_URL (and .env) as the server.

  npm run admin -- create-user --username NAME --email EMAIL --password PASSWORD [--city CITY]
  npm run admin -- reset-password --username NAME --password PASSWORD   (ends the user's sessions)
  npm run admin -- deactivate --username NAME                          (ends the user's sessions)
  npm run admin -- activate --username NAME
  npm run admin -- set-role --username NAME --role admin|user        (admins moderate every public room)
  npm run admin -- list-rooms
  npm run admin -- delete-room --id ROOM_ID

With REDIS_URL set, every instance closes the open sockets of ended sessions at once; without it,
within SESSION_CHECK_SECONDS (5 s by default).`;

class UsageError extends Error {}

type Options = Record<string, string | undefined>;

function required(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

const NO_LIMITS = createThrottles({
  messagesPerWindow: 0,
  messageWindowSeconds: 0,
  loginFailuresPerUsername: 0,
  loginFailuresPerIp: 0,
  registrationsPerIp: 0,
  socketsPerUser: 0,
  roomsPerHour: 0,
  roomsPerUser: 0,
  roomsTotal: 0,
  messageEditWindowSeconds: 0,
});

const commands: Record<string, (store: Store, options: Options, config: Config) => Promise<string>> = {
  async "create-user"(store, options) {
    const password = required(options, "password");
    const user = await registerUser(store, NO_LIMITS, "operator", {
      username: required(options, "username"),
      email: required(options, "email"),
      password,
      password_confirm: password,
      city: options.city ?? "",
    });
    return `created user ${user.username} (id ${user.id}, ${user.city})`;
  },
  async "reset-password"(store, options) {
    const user = await resetPassword(store, required(options, "username"), required(options, "password"));
    return `new password set for ${user.username}; their sessions have ended`;
  },
  async deactivate(store, options) {
    const user = await setUserActive(store, required(options, "username"), false);
    return `${user.username} is deactivated; their sessions have ended`;
  },
  async activate(store, options) {
    const user = await setUserActive(store, required(options, "username"), true);
    return `${user.username} is active again`;
  },
  async "set-role"(store, options) {
    const role = required(options, "role");
    if (role !== "admin" && role !== "user") throw new UsageError("--role is admin or user");
    const username = required(options, "username");
    const user = await store.getUserByUsername(username);
    if (!user || !(await store.setUserRole(user.id, role))) throw new UsageError(`no user named ${username}`);
    return role === "admin" ? `${user.username} is a site admin` : `${user.username} is no longer a site admin`;
  },
  async "list-rooms"(store) {
    const lines: string[] = [];
    for (let after: number | undefined; ; ) {
      const query = { limit: String(ROOM_PAGE_MAX), after: after === undefined ? undefined : String(after) };
      const page = await listRooms({ store }, OPERATOR, query);
      lines.push(...page.map((room) => `${room.id}\t#${room.name}${room.is_default ? "\t(default)" : ""}`));
      const last = page.at(-1);
      if (page.length < ROOM_PAGE_MAX || !last) return lines.join("\n");
      after = last.id;
    }
  },
  async "delete-room"(store, options, config) {
    const roomId = parseInput(idParamSchema, required(options, "id"));
    const room = await withRoomEvents(config, (events) => deleteRoomAsOperator({ store, events }, roomId));
    return `deleted room ${room.id} #${room.name} and its messages`;
  },
};

/** Lists rooms as someone with no role in any of them. */
const OPERATOR = { id: 0 };

/** Nobody to tell: without Redis a process without sockets cannot reach the open clients. */
const UNHEARD: ChatEvents = {
  publish: () => {},
  closeRoom: () => {},
  unsubscribe: () => {},
  online: () => Promise.resolve(new Set()),
  presentIn: () => Promise.resolve([]),
};

/**
 * Runs a use case whose events must reach the open clients of every instance: through Redis when the
 * instances share one. Unreachable, the change is still made; clients see it when they reconnect.
 */
async function withRoomEvents<T>(config: Config, work: (events: ChatEvents) => Promise<T>): Promise<T> {
  if (!config.redisUrl) return work(UNHEARD);
  let connected = false;
  try {
    return await withRedis(config.redisUrl, (redis) => {
      connected = true;
      return work(createRedisFanout(redis));
    });
  } catch (err) {
    if (connected) throw err;
    process.stderr.write(`admin: could not reach Redis (${err instanceof Error ? err.message : String(err)}); open clients see the change when they reconnect\n`);
    return work(UNHEARD);
  }
}

/** The store, noting the sessions a command ends: their sockets on the running instances must close too. */
function notingEndedSessions(store: Store, ended: string[]): Store {
  return {
    ...store,
    async deleteUserSessions(userId) {
      const ids = await store.deleteUserSessions(userId);
      ended.push(...ids);
      return ids;
    },
  };
}

/**
 * The sessions are already over in the database, so a Redis that cannot be reached does not fail the
 * command: the instances' periodic check closes those sockets instead, a little later.
 */
async function announceEndedSessions(config: Config, ended: string[]): Promise<void> {
  if (!config.redisUrl || ended.length === 0) return;
  try {
    await publishEndedSessions(config.redisUrl, ended);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `admin: could not tell the instances through Redis (${reason}); open sockets close within SESSION_CHECK_SECONDS\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command ? commands[command] : undefined;
  if (!run) {
    process.stderr.write(`${command ? `admin: unknown command "${command}"\n\n` : ""}${USAGE}\n`);
    return command ? 2 : 0;
  }
  let options: Options;
  try {
    options = parseArgs({
      args: rest,
      options: {
        username: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
        city: { type: "string" },
        id: { type: "string" },
        role: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`admin: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  loadEnvFiles();
  let store: Store | undefined;
  try {
    const config = readConfig();
    store = await openStore(config.database);
    const ended: string[] = [];
    process.stdout.write(`${await run(notingEndedSessions(store, ended), options, config)}\n`);
    await announceEndedSessions(config, ended);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`admin: ${err.message}\n\n${USAGE}\n`);
    else if (isChatError(err)) process.stderr.write(`admin: ${errorText(operatorLocale(), err.key, err.values)}\n`);
    else if (err instanceof ConfigError) process.stderr.write(`admin: ${err.message}\n`);
    else process.stderr.write(`admin: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await store?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
