import { createPublicClient, defineChain, fallback, http, webSocket, type Chain, type PublicClient, type Transport } from "viem";

import type { KeeperConfig } from "../config/types.js";

/**
 * The clients of a keeper: reads may fall back across RPCs; writes go to one pinned RPC, and signed
 * transactions to the private-transaction RPC when there is one.
 */
export interface KeeperClients {
  chain: Chain;
  /** `rpc.read` through viem's `fallback` transport (the next URL when one fails). */
  readClient: PublicClient;
  /** `rpc.write` only: nonces, fees, receipts, and transactions unless `rpc.private` is set. */
  writeClient: PublicClient;
  /** Where signed transactions go (`eth_sendRawTransaction`, nothing else): `rpc.private`, or `writeClient` without it. */
  sendClient: PublicClient;
}

/** The role of an RPC endpoint, as labelled in metrics. */
export type RpcEndpoint = "read" | "write" | "private";

/** Called with the JSON-RPC method of every HTTP request (each member of a batch), for metrics. */
export type OnRpcRequest = (method: string, endpoint: RpcEndpoint) => void;

const transportFor = (url: string, endpoint: RpcEndpoint, onRequest?: OnRpcRequest): Transport =>
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
  const writeClient = createPublicClient({ chain, transport: transportFor(config.rpc.write, "write", onRequest), pollingInterval: config.pollIntervalMs }) as PublicClient;
  return {
    chain,
    readClient: createPublicClient({ chain, transport: readTransport, pollingInterval: config.pollIntervalMs }) as PublicClient,
    writeClient,
    sendClient: config.rpc.private === undefined
      ? writeClient
      : (createPublicClient({ chain, transport: transportFor(config.rpc.private, "private", onRequest) }) as PublicClient),
  };
}
