import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAndSignIn } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs } from "./support/socket";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { MAX_SOCKETS_PER_USER: "2" } });
});

afterAll(async () => {
  await server.stop();
});

describe("sockets per user", () => {
  it("refuses a connection past the cap and accepts one again when a tab closes", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const first = await connectAs(server.url, jar);
    const second = await connectAs(server.url, jar);
    await expect(connectAs(server.url, jar)).rejects.toThrow("too_many_connections");

    const other = await registerAndSignIn(server.url);
    const stranger = await connectAs(server.url, other.jar);
    expect(stranger.connected).toBe(true);

    first.disconnect();
    await expect.poll(async () => {
      try {
        const third = await connectAs(server.url, jar);
        third.disconnect();
        return true;
      } catch {
        return false;
      }
    }).toBe(true);
    second.disconnect();
    stranger.disconnect();
  });
});
