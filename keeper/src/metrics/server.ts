import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { healthStatus, type KeeperMetrics } from "./metrics.js";

export interface MetricsServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Serves `/metrics` (Prometheus text) and `/health` (200, or 503 when ticks stopped succeeding). */
export async function startMetricsServer(metrics: KeeperMetrics, options: { port: number; host: string; healthMaxAgeSeconds: number; now?: () => number }): Promise<MetricsServer> {
  const now = options.now ?? Date.now;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/metrics") {
      metrics.render().then(
        (text) => response.writeHead(200, { "content-type": metrics.contentType }).end(text),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (url.pathname === "/health") {
      const health = healthStatus({ lastSuccessfulTickMs: metrics.lastSuccessfulTickMs, nowMs: now(), maxAgeSeconds: options.healthMaxAgeSeconds });
      response.writeHead(health.healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: health.healthy ? "ok" : "unhealthy", reason: health.reason }));
    } else response.writeHead(404).end("not found\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
