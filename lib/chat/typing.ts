import { isChatError } from "../errors";
import { parseInput } from "../validation";
import { contextOf, requireAccess } from "./access";
import type { Actor, ChatDeps } from "./events";
import type { PresenceUserDto } from "./dto";
import { requireRoomView } from "./rooms";
import { typingSchema } from "./schemas";

/**
 * «Анна печатает…»: relayed to the room's other readers who have it open, never to the typist's own
 * tabs, at most once per TYPING_RELAY_SECONDS per user and room on every instance together (a shared
 * throttle), whatever the client sends; anything over that is dropped without a word, as is a signal
 * for a room the typist may not read or send in (timed out, blocked). Receivers end it themselves: after 8 s without a signal, when
 * the typist's message arrives, when they leave; `stopped` ends it at once (an emptied composer).
 */
export async function relayTyping(deps: Pick<ChatDeps, "store" | "events" | "throttles">, actor: Actor, user: PresenceUserDto, input: unknown): Promise<object> {
  const { room_id, stopped } = parseInput(typingSchema, input);
  try {
    await deps.throttles.typing.take(`${stopped ? "stop" : "start"}:${actor.id}:${room_id}`);
    requireAccess(actor, "send", contextOf(await requireRoomView(deps.store, actor, room_id)));
  } catch (err) {
    if (isChatError(err) && (err.code === "rate_limited" || err.code === "not_found" || err.code === "forbidden")) return {};
    throw err;
  }
  deps.events.publish(
    "typing",
    { room_id, user: { id: user.id, username: user.username }, ...(stopped ? { stopped: true } : {}) },
    { to: "room", roomId: room_id, exceptUserIds: [actor.id] },
  );
  return {};
}
