import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

/**
 * Sends every request on its own TCP connection at the same moment: each is written whole but its last
 * byte, and only when all of them are waiting at the server are the last bytes sent together. This is
 * the race an attacker runs against check-then-count limits.
 */
export async function sendTogether(baseUrl: string, requests: RawRequest[]): Promise<RawResponse[]> {
  const { hostname, port } = new URL(baseUrl);
  const connections = await Promise.all(
    requests.map(
      (request) =>
        new Promise<{ socket: Socket; last: Buffer; response: Promise<Buffer> }>((resolve, reject) => {
          const socket = connect(Number(port), hostname);
          socket.once("error", reject);
          socket.once("connect", () => {
            const head = [
              `${request.method} ${request.path} HTTP/1.1`,
              `host: ${hostname}:${port}`,
              "connection: close",
              `content-length: ${request.body.length}`,
              ...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`),
              "",
              "",
            ].join("\r\n");
            const whole = Buffer.concat([Buffer.from(head), request.body]);
            const chunks: Buffer[] = [];
            socket.on("data", (chunk: Buffer) => chunks.push(chunk));
            const response = new Promise<Buffer>((done) => socket.once("close", () => done(Buffer.concat(chunks))));
            socket.write(whole.subarray(0, -1), () => resolve({ socket, last: whole.subarray(-1), response }));
          });
        }),
    ),
  );
  for (const { socket, last } of connections) socket.write(last);
  return Promise.all(connections.map(async ({ response }) => parseResponse(await response)));
}

function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf("\r\n\r\n");
  const headers = raw.subarray(0, split).toString();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
  const body = raw.subarray(split + 4);
  return { status, headers, body: (/transfer-encoding: chunked/i.test(headers) ? dechunk(body) : body).toString() };
}

/** Chunk sizes count bytes, so the body is reassembled before it is decoded. */
function dechunk(chunked: Buffer): Buffer {
  const out: Buffer[] = [];
  let rest = chunked;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = parseInt(rest.subarray(0, lineEnd).toString(), 16);
    if (!size) return Buffer.concat(out);
    out.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
}

/** A multipart/form-data body, as a browser without JavaScript posts a form. */
export function multipartForm(fields: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----discock${randomBytes(8).toString("hex")}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}
