import { describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn } from "./support/http";
import { head, rawConnection, untilClosed } from "./support/raw";
import { startServer } from "./support/server";

describe("shutdown", () => {
  it("closes idle and half-sent connections at once, finishes the request in flight and exits 0 well inside the grace", async () => {
    const server = await startServer();
    const { jar } = await registerAndSignIn(server.url);
    const room = await apiClient(server.url, jar).createRoom(uniqueName("Выключение"));

    const halfSent = await Promise.all(Array.from({ length: 5 }, () => rawConnection(server.port)));
    for (const socket of halfSent) socket.write("GET /login HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n");
    const halfSentClosed = halfSent.map(untilClosed);

    const idle = await Promise.all(Array.from({ length: 3 }, () => rawConnection(server.port)));
    const idleClosed = idle.map(untilClosed);
    for (const socket of idle) socket.write(head(["GET /api/health HTTP/1.1", "Host: localhost", "Connection: keep-alive"]));
    const answered = (socket: (typeof idle)[number]) =>
      new Promise<void>((resolve) => socket.on("data", (chunk: Buffer) => chunk.toString().includes('"status"') && resolve()));
    await Promise.all(idle.map(answered));

    // Expect: 100-continue makes the server say when it has parsed the headers, so the request is in flight.
    const body = JSON.stringify({ content: "отправлено во время выключения", client_id: "shutdown-in-flight-1" });
    const inFlight = await rawConnection(server.port);
    const inFlightReply = untilClosed(inFlight);
    const continued = new Promise<void>((resolve) => inFlight.on("data", (chunk: Buffer) => chunk.toString().includes("100 Continue") && resolve()));
    inFlight.write(
      head([
        `POST /api/messages/${room.id} HTTP/1.1`,
        "Host: localhost",
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
        `Cookie: ${jar.header()}`,
        "Expect: 100-continue",
      ]),
    );
    await continued;
    const [firstHalf, secondHalf] = [body.slice(0, 10), body.slice(10)];
    inFlight.write(firstHalf);

    const signalled = performance.now();
    const exited = server.stop("SIGTERM");
    await expect.poll(() => server.output().includes('"message":"shutting down"')).toBe(true);
    await Promise.all([...halfSentClosed, ...idleClosed]);
    const otherConnectionsClosedAfterMs = performance.now() - signalled;
    inFlight.end(secondHalf);

    const code = await exited;
    const exitedAfterMs = performance.now() - signalled;
    expect((await inFlightReply).text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
    expect(code).toBe(0);
    // Generous bounds for a busy machine: the grace is 12 s, the old behaviour used all of it.
    expect(otherConnectionsClosedAfterMs).toBeLessThan(3_000);
    expect(exitedAfterMs).toBeLessThan(8_000);
  });
});
