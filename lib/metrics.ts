import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  messagesStored: Counter;
  passwordChecks: Counter;
  sendAckSeconds: Histogram;
  errors: Counter<"code">;
  socketsConnected: Gauge;
  engineConnections: Gauge;
  httpRequestSeconds: Histogram<"method" | "route" | "status">;
}

// One registry per process, shared by server.ts and Next's bundles (each has its own copy of this module).
const METRICS_KEY = Symbol.for("discock.metrics");
type MetricsHolder = typeof globalThis & { [METRICS_KEY]?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "discock_" });
  return {
    registry,
    messagesStored: new Counter({ name: "discock_messages_stored_total", help: "Messages stored (retries of one client_id count once)", registers: [registry] }),
    passwordChecks: new Counter({
      name: "discock_password_checks_total",
      help: "Password hashes verified (logins, and the equal work spent on unknown names)",
      registers: [registry],
    }),
    sendAckSeconds: new Histogram({
      name: "discock_send_ack_seconds",
      help: "Time from a send_message arriving to its ack",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    errors: new Counter({ name: "discock_errors_total", help: "Refusals and failures answered to clients, by code", labelNames: ["code"], registers: [registry] }),
    socketsConnected: new Gauge({ name: "discock_sockets_connected", help: "Sockets connected to this instance", registers: [registry] }),
    engineConnections: new Gauge({
      name: "discock_engine_connections",
      help: "Engine.IO connections open on this instance, joined to the namespace or not",
      registers: [registry],
    }),
    httpRequestSeconds: new Histogram({
      name: "discock_http_request_duration_seconds",
      help: "Time from an HTTP request arriving to its last byte sent, by method, route group and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export function metrics(): Metrics {
  const holder = globalThis as MetricsHolder;
  return (holder[METRICS_KEY] ??= create());
}
