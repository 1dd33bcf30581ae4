import { createPublicClient, defineChain, fallback, http, webSocket, type Chain, type PublicClient, type Transport } from "viem";

import type { KeeperConfig } from "../config/types.js";

/** The two clients of a keeper: reads may fall back across RPCs; writes go to one pinned RPC. */
export interface KeeperClients {
  chain: Chain;
  /** `rpc.read` through viem's `fallback` transport (the next URL when one fails). */
  readClient: PublicClient;
  /** `rpc.write` only: transactions, nonces, receipts. */
  writeClient: PublicClient;
}

/** Called with the JSON-RPC method of every HTTP request (each member of a batch), for metrics. */
export type OnRpcRequest = (method: string, endpoint: "read" | "write") => void;

const transportFor = (url: string, endpoint: "read" | "write", onRequest?: OnRpcRequest): Transport =>
  url.startsWith("ws")
    ? webSocket(url, { retryCount: 1 })
    : http(url, {
        retryCount: 1,
        retryDelay: 100,
        timeout: 10_000,
        onFetchRequest: onRequest
          ? async (request) => {
              const body = JSON.parse(await request.clone().text()) as { method: string } | { method: string }[];
              for (const { method } of Array.isArray(body) ? body : [body]) onRequest(method, endpoint);
            }
          : undefined,
      });

/** Builds the clients from the config (called by the CLI at start, never at import time). */
export function createKeeperClients(config: Pick<KeeperConfig, "rpc" | "chainId" | "pollIntervalMs">, onRequest?: OnRpcRequest): KeeperClients {
  const chain = defineChain({
    id: config.chainId,
    name: `chain ${config.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [config.rpc.write] } },
  });
  const readTransport = config.rpc.read.length === 1 ? transportFor(config.rpc.read[0]!, "read", onRequest) : fallback(config.rpc.read.map((url) => transportFor(url, "read", onRequest)));
  return {
    chain,
    readClient: createPublicClient({ chain, transport: readTransport, pollingInterval: config.pollIntervalMs }) as PublicClient,
    writeClient: createPublicClient({ chain, transport: transportFor(config.rpc.write, "write", onRequest), pollingInterval: config.pollIntervalMs }) as PublicClient,
  };
}
