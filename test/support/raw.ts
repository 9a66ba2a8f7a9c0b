import { connect, type Socket } from "node:net";

/** A plain TCP connection to the server, for sending what no HTTP client library would send. */
export function rawConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

export interface RawReply {
  /** Everything the server wrote before it closed the connection. */
  text: string;
  /** Milliseconds from the call until the connection closed. */
  closedAfterMs: number;
}

/** Resolves once the server closes the connection (or it errors), with what it had written. */
export function untilClosed(socket: Socket): Promise<RawReply> {
  const started = performance.now();
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
  // A reset is one of the ways the server may close the connection; "close" follows it either way.
  socket.on("error", () => {});
  return new Promise((resolve) => socket.once("close", () => resolve({ text, closedAfterMs: performance.now() - started })));
}

/** A request's head as a client writes it, CRLF line ends included. */
export function head(lines: string[]): string {
  return lines.map((line) => `${line}\r\n`).join("") + "\r\n";
}
