import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface CountingProxy {
  url: string;
  /** JSON-RPC requests forwarded since the last reset, by method (each member of a batch counts). */
  counts(): Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

/** A JSON-RPC proxy in front of `target` that counts the requests passing through it, by method. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  let counts: Record<string, number> = {};
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString();
      try {
        const parsed = JSON.parse(body) as { method: string } | { method: string }[];
        for (const { method } of Array.isArray(parsed) ? parsed : [parsed]) counts[method] = (counts[method] ?? 0) + 1;
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
    reset: () => void (counts = {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
