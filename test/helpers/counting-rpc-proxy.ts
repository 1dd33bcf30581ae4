import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One JSON-RPC request the proxy forwarded. */
export interface ForwardedRequest {
  method: string;
  params: unknown[];
}

export interface CountingProxy {
  url: string;
  /** JSON-RPC requests forwarded since the last reset, by method (each member of a batch counts). */
  counts(): Record<string, number>;
  /** The JSON-RPC requests forwarded since the last reset, in the order they arrived (each member of a batch). */
  requests(): ForwardedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** A JSON-RPC proxy in front of `target` that counts the requests passing through it, by method, and records their parameters. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  let counts: Record<string, number> = {};
  let requests: ForwardedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString();
      try {
        const parsed = JSON.parse(body) as { method: string; params?: unknown[] } | { method: string; params?: unknown[] }[];
        for (const { method, params } of Array.isArray(parsed) ? parsed : [parsed]) {
          counts[method] = (counts[method] ?? 0) + 1;
          requests.push({ method, params: params ?? [] });
        }
        const answer = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body });
        response.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
      } catch (error) {
        response.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ ...counts }),
    requests: () => [...requests],
    reset: () => {
      counts = {};
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
