import type { ChatDeps } from "../../chat/events";
import { sendMessage } from "../../chat/messages";
import { on } from "../on";
import type { AppSocket } from "../server";

export function registerMessageHandlers(socket: AppSocket, deps: ChatDeps): void {
  on(socket, "send_message", async (user, payload) => ({ message: await sendMessage(deps, user, payload) }));
}
