import type { IncomingMessage } from "node:http";
import type { Socket as EngineSocket } from "engine.io";
import { sessionFromRequestHeaders, type SignedIn } from "../auth/session";
import type { Store } from "../db/types";
import { isCrossSiteRequest } from "../cross-site";
import { log } from "../log";

/**
 * A client normally joins the namespace one round trip after its handshake; one that waits longer
 * (Socket.IO allows 45 s) is checked again, so a session ended meanwhile cannot slip in.
 */
const HANDSHAKE_REUSE_MS = 2_000;

interface Admitted {
  session: SignedIn;
  at: number;
  release: () => void;
  /** Set once engine.io has opened its connection; until then the hold expires by itself. */
  opened: boolean;
}

export interface HandshakeGate {
  /** Socket.IO's `allowRequest`: engine.io calls it for handshakes only, before it allocates a session. */
  allowRequest: (request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;
  /** Counts an engine.io connection against its user until it closes. */
  opened(connection: EngineSocket): void;
  /** The session a namespace join arrives with: the handshake's, re-read only when that is no longer fresh. */
  sessionOf(request: IncomingMessage): Promise<SignedIn | null>;
}

/**
 * Authenticates before an Engine.IO session costs memory: a request without a live session, from a
 * foreign Origin, or from a user already holding `connectionsPerUser` engine connections here is
 * answered 403 and never becomes a session.
 */
export function createHandshakeGate(deps: {
  store: Store;
  secret: string;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** 0 for no cap. */
  connectionsPerUser: number;
}): HandshakeGate {
  const admitted = new WeakMap<IncomingMessage, Admitted>();
  const held = new Map<number, number>();

  function hold(userId: number): () => void {
    held.set(userId, (held.get(userId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (held.get(userId) ?? 1) - 1;
      if (left > 0) held.set(userId, left);
      else held.delete(userId);
    };
  }

  async function admit(request: IncomingMessage): Promise<string | null> {
    // The same rule as HTTP writes: a page of another origin must not open a socket on the user's cookie
    // (cross-site WebSocket hijacking); same-origin polling may send no Origin at all.
    if (isCrossSiteRequest({ headers: request.headers, allowedOrigins: deps.allowedOrigins, trustProxy: deps.trustProxy })) {
      return "origin not allowed";
    }
    const session = await sessionFromRequestHeaders(deps.store, deps.secret, request.headers);
    if (!session) return "unauthorized";
    const cap = deps.connectionsPerUser;
    if (cap > 0 && (held.get(session.user.id) ?? 0) >= cap) return "too_many_connections";
    const entry: Admitted = { session, at: Date.now(), release: hold(session.user.id), opened: false };
    admitted.set(request, entry);
    // engine.io opens the connection within the microtasks that follow the approval, so holding the
    // slot until then stops a burst of parallel handshakes from passing the cap together, and a
    // handshake that fails after approval gives its slot back.
    setImmediate(() => {
      if (!entry.opened) entry.release();
    });
    return null;
  }

  return {
    allowRequest(request, callback) {
      admit(request).then(
        (refusal) => callback(refusal, refusal === null),
        (err: unknown) => {
          log.error("socket handshake failed", err);
          callback("unavailable", false);
        },
      );
    },
    opened(connection) {
      const entry = admitted.get(connection.request);
      if (!entry) return;
      entry.opened = true;
      connection.once("close", entry.release);
    },
    async sessionOf(request) {
      const entry = admitted.get(request);
      if (entry && Date.now() - entry.at < HANDSHAKE_REUSE_MS) return entry.session;
      return sessionFromRequestHeaders(deps.store, deps.secret, request.headers);
    },
  };
}
