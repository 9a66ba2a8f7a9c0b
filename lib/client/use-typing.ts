import { useEffect, useState } from "react";
import type { ChatSocket } from "./use-chat-socket";
import { useHydrated } from "./use-hydrated";

/** The server relays one «is typing» per user and room in this time (lib/limits.ts); more often would be dropped. */
export const TYPING_SIGNAL_MS = 3_000;

export type TypingSignal = "start" | "stop";

/**
 * When the composer's text tells the room that I am typing: on a change of non-empty text, at most once per
 * TYPING_SIGNAL_MS counted from the last start (the server's window, so a start after a stop is not dropped there),
 * and a stop when it empties (a send empties it too) or I leave, if a start is out.
 */
export class TypingSignals {
  private text: string | null = null;
  private startedAt = Number.NEGATIVE_INFINITY;
  private started = false;

  /** The composer shows `text` at `now`. The first text seen is where it starts (a restored draft is not typing). */
  change(text: string, now: number): TypingSignal | null {
    if (this.text === null) this.text = text;
    if (text === this.text) return null;
    this.text = text;
    if (text.trim() === "") return this.leave();
    if (now - this.startedAt < TYPING_SIGNAL_MS) return null;
    this.startedAt = now;
    this.started = true;
    return "start";
  }

  leave(): TypingSignal | null {
    if (!this.started) return null;
    this.started = false;
    return "stop";
  }
}

function emit(socket: ChatSocket | null, roomId: number, signal: TypingSignal | null) {
  // Offline, a signal would arrive late and stale after the reconnect; others' screens expire it anyway.
  if (!signal || !socket?.connected) return;
  socket.emit("typing", signal === "stop" ? { room_id: roomId, stopped: true } : { room_id: roomId });
}

/** Tells the room's other readers that I am typing `text` in it, and when I stop. */
export function useTyping(socket: ChatSocket | null, roomId: number, text: string): void {
  // The server renders an empty composer; the draft appears once hydrated, and that is where the text starts.
  const hydrated = useHydrated();
  const [signals] = useState(() => new TypingSignals());

  useEffect(() => {
    if (hydrated) emit(socket, roomId, signals.change(text, Date.now()));
  }, [hydrated, signals, socket, roomId, text]);

  useEffect(() => () => emit(socket, roomId, signals.leave()), [signals, socket, roomId]);
}
