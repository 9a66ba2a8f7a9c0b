import { toWireError } from "../errors";
import { metrics } from "../metrics";
import type { AckPayload, AckResult, AppSocket, ClientToServerEvents, SocketUser } from "./events";
import type { SocketWork } from "./work";

/**
 * `sessionId` is the handshake's session, for use cases that act as the user (writes refuse ended
 * sessions). The result must be what the event declares its ack to carry.
 */
type Handler<E extends keyof ClientToServerEvents> = (user: SocketUser, payload: unknown, sessionId: string) => Promise<AckPayload<E>>;

/**
 * The one way a socket listener is registered: the sender is the handshake's user, the payload
 * stays unknown until lib/chat parses it, and every outcome is answered — to the ack when the
 * client asked for one, else as an `error` event — so nothing a client sends can throw past here.
 */
export function on<E extends keyof ClientToServerEvents>(work: SocketWork, socket: AppSocket, event: E, run: Handler<E>): void {
  // The declared listener types promise an ack; a hostile client may send anything or nothing.
  (socket.on as (event: string, listener: (payload: unknown, ack?: unknown) => void) => void)(event, (payload, ack) => {
    const reply = (result: AckResult) => {
      if (typeof ack === "function") (ack as (result: AckResult) => void)(result);
      else if (!result.ok) socket.emit("error", result.error);
    };
    const timer = event === "send_message" ? metrics().sendAckSeconds.startTimer() : undefined;
    work.run(() => run(socket.data.user, payload, socket.data.sessionId)).finally(() => timer?.()).then(
      (result) => reply({ ok: true, ...result }),
      (err: unknown) => {
        const error = toWireError(err, socket.data.locale, { socket_id: socket.id, event, user_id: socket.data.user.id });
        reply({ ok: false, error });
        // The session ended after the handshake (signed out elsewhere, deactivated): nothing more from this socket.
        if (error.code === "unauthorized") socket.disconnect(true);
      },
    );
  });
}
