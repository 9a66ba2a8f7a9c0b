import { sendMessage } from "../../chat/messages";
import { on } from "../on";
import type { AppSocket, HandlerContext } from "../server";

export function registerMessageHandlers({ store, events, work }: HandlerContext, socket: AppSocket): void {
  on(work, socket, "send_message", async (user, payload) => ({ message: await sendMessage({ store, events }, user, payload) }));
}
