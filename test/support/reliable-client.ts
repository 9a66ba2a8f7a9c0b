import { setTimeout as delay } from "node:timers/promises";
import { io } from "socket.io-client";
import type { MessageDto } from "@/lib/chat/dto";
import type { AckResult } from "@/lib/realtime/events";
import type { CookieJar } from "./http";
import type { ClientSocket } from "./socket";

/** Refusals that a later attempt may overcome; anything else is a bug in what the client sent. */
const RETRYABLE = new Set(["db_unavailable", "shutting_down", "rate_limited", "internal"]);

/**
 * A client that behaves as the browser's does: it resends with the same client_id until acked,
 * reconnects by itself, and after every (re)connect re-joins the room and fetches `after=<last id>`.
 */
export class ReliableClient {
  readonly view = new Map<number, MessageDto>();
  readonly socket: ClientSocket;
  reconnects = 0;
  /**
   * Every message up to this id is in the view. Only history fetches move it: broadcasts from
   * concurrent sends may arrive out of id order, so the newest one received proves nothing about
   * the ones before it.
   */
  private fetchedThrough = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly jar: CookieJar,
    private readonly roomId: number,
  ) {
    this.socket = io(baseUrl, {
      transports: ["websocket"],
      extraHeaders: { cookie: jar.header() },
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    this.socket.on("new_message", (message) => this.remember(message));
    this.socket.on("connect", () => {
      this.reconnects++;
      void this.catchUp();
    });
  }

  private remember(message: MessageDto) {
    if (message.room_id === this.roomId) this.view.set(message.id, message);
  }

  private async catchUp() {
    try {
      // Join first: whatever commits from now on is broadcast to us, whatever came before is fetched.
      await this.socket.timeout(2_000).emitWithAck("join_room", { room_id: this.roomId });
      while (this.socket.connected) {
        const response = await fetch(new URL(`/api/messages/${this.roomId}?limit=100&after=${this.fetchedThrough}`, this.baseUrl), {
          headers: { cookie: this.jar.header() },
        });
        if (!response.ok) {
          // A server that is still starting answers 503; its socket may already be up.
          await delay(100);
          continue;
        }
        const page = (await response.json()) as MessageDto[];
        for (const message of page) this.remember(message);
        this.fetchedThrough = page.at(-1)?.id ?? this.fetchedThrough;
        if (page.length < 100) return;
      }
    } catch {
      // The connection dropped again; the next connect catches up.
    }
  }

  /** Sends until the server acknowledges, always with the same client_id. */
  async send(content: string, clientId: string): Promise<MessageDto> {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const ack = (await this.socket
          .timeout(2_000)
          .emitWithAck("send_message", { room_id: this.roomId, content, client_id: clientId })) as AckResult<{ message: MessageDto }>;
        if (ack.ok) {
          this.remember(ack.message);
          return ack.message;
        }
        if (!RETRYABLE.has(ack.error.code)) throw new Error(`${clientId} refused: ${ack.error.code} ${ack.error.message}`);
      } catch (err) {
        if (err instanceof Error && err.message.includes("refused:")) throw err;
        // No ack in time: the server may be gone; retrying with the same client_id is safe.
      }
      await delay(50);
    }
    throw new Error(`${clientId} was never acknowledged`);
  }

  ids() {
    return [...this.view.keys()].sort((a, b) => a - b);
  }

  close() {
    this.socket.disconnect();
  }
}
