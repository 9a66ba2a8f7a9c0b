import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, uniqueName } from "./support/api";
import { registerAndSignIn } from "./support/http";
import { startServer, type RunningServer } from "./support/server";
import { connectAs, emitRaw } from "./support/socket";

const TOKEN = "metrics-token-for-tests-0123456789";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ env: { METRICS_TOKEN: TOKEN } });
});

afterAll(async () => {
  await server.stop();
});

const scrape = (token?: string) =>
  fetch(new URL("/api/metrics", server.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

function value(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

describe("/api/metrics", () => {
  it("refuses scrapes without the token", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("wrong-token-wrong-token-wrong")).status).toBe(401);
  });

  it("counts sockets, stored messages, ack latency and refusals", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const room = await apiClient(server.url, jar).createRoom(uniqueName("Метрики"));
    const socket = await connectAs(server.url, jar);
    const before = await (await scrape(TOKEN)).text();
    await emitRaw(socket, "send_message", { room_id: room.id, content: "считай меня", client_id: "metrics-once-1" });
    await emitRaw(socket, "send_message", { room_id: room.id, content: "считай меня", client_id: "metrics-once-1" });
    await emitRaw(socket, "send_message", { room_id: room.id, content: "" });

    const response = await scrape(TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const after = await response.text();
    expect(value(after, "discock_sockets_connected")).toBeGreaterThanOrEqual(1);
    expect(value(after, "discock_messages_stored_total") - value(before, "discock_messages_stored_total")).toBe(1);
    expect(value(after, "discock_send_ack_seconds_count") - value(before, "discock_send_ack_seconds_count")).toBe(3);
    expect(value(after, 'discock_errors_total{code="invalid_input"}')).toBeGreaterThanOrEqual(1);
    expect(after).toContain("discock_process_resident_memory_bytes");
    socket.disconnect();
  });

  it("times every HTTP request: Server-Timing on the reply, a histogram by route group and status", async () => {
    const { jar } = await registerAndSignIn(server.url);
    const room = await apiClient(server.url, jar).createRoom(uniqueName("Тайминги"));
    const series = 'discock_http_request_duration_seconds_count{method="GET",route="/api/messages",status="200"}';
    const refused = 'discock_http_request_duration_seconds_count{method="GET",route="/api/messages",status="401"}';
    const before = await (await scrape(TOKEN)).text();

    const page = await fetch(new URL(`/api/messages/${room.id}`, server.url), { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    const timing = page.headers.get("server-timing") ?? "";
    for (const entry of ["auth", "app", "total"]) expect(timing).toMatch(new RegExp(`(^|, )${entry};dur=\\d+\\.\\d{3}(,|$)`));
    const anonymous = await fetch(new URL(`/api/messages/${room.id}?before=abc`, server.url));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("server-timing")).toMatch(/^total;dur=/);
    // The histogram records a reply once its last byte is written, so read both replies to the end first.
    await anonymous.arrayBuffer();

    const after = await (await scrape(TOKEN)).text();
    expect(value(after, series) - (value(before, series) || 0)).toBe(1);
    expect(value(after, refused) - (value(before, refused) || 0)).toBe(1);
    // Ids in the path never become label values.
    expect(after).not.toContain(`/api/messages/${room.id}`);
  });
});

describe("/api/metrics without a token configured", () => {
  it("does not exist", async () => {
    const plain = await startServer();
    try {
      expect((await fetch(new URL("/api/metrics", plain.url))).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
