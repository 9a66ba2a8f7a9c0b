import { sendMessage } from "../../chat/messages";
import { on } from "../on";
import type { AppSocket } from "../events";
import type { HandlerContext } from "./context";

export function registerMessageHandlers(context: HandlerContext, socket: AppSocket): void {
  on(context.work, socket, "send_message", async (user, payload, sessionId) => ({
    message: await sendMessage(context, { id: user.id, sessionId }, payload),
  }));
}
