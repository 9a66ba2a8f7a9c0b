import { deleteMessage, editMessage, react, sendMessage } from "../../chat/messages";
import { relayTyping } from "../../chat/typing";
import { on } from "../on";
import type { AppSocket } from "../events";
import type { HandlerContext } from "./context";

export function registerMessageHandlers(context: HandlerContext, socket: AppSocket): void {
  on(context.work, socket, "send_message", async (user, payload, sessionId) => ({
    message: await sendMessage(context, { id: user.id, sessionId }, payload),
  }));
  on(context.work, socket, "edit_message", async (user, payload, sessionId) => ({
    message: await editMessage(context, { id: user.id, sessionId }, payload),
  }));
  on(context.work, socket, "delete_message", async (user, payload, sessionId) => ({
    message: await deleteMessage(context, { id: user.id, sessionId }, payload),
  }));
  on(context.work, socket, "add_reaction", async (user, payload, sessionId) => ({
    message: await react(context, { id: user.id, sessionId }, "add", payload),
  }));
  on(context.work, socket, "remove_reaction", async (user, payload, sessionId) => ({
    message: await react(context, { id: user.id, sessionId }, "remove", payload),
  }));
  on(context.work, socket, "typing", (user, payload, sessionId) => relayTyping(context, { id: user.id, sessionId }, user, payload));
}
