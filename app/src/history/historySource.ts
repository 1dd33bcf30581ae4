import { createIndexerClient, DEFAULT_LOGS_CHUNK_SIZE, type IndexerClient } from "@leveraged-vault/sdk";

import type { AppChain } from "../config/chains.js";

/** Where the page reads history, returns and positions from: the chain's indexer, or its RPC. */
export interface HistorySource {
  kind: "indexer" | "rpc";
  /** The SDK's indexer client (undefined: the SDK reads the RPC in chunks). */
  indexer: IndexerClient | undefined;
  /** What the page says about it. */
  description: string;
}

/**
 * The chain's indexer when its config names one (a path is on the page's own server) and the user
 * has not asked for the RPC; otherwise the RPC, which the SDK reads in chunks of
 * `DEFAULT_LOGS_CHUNK_SIZE` blocks.
 */
export function historySource(chain: AppChain, preferRpc: boolean, origin: string): HistorySource {
  if (chain.indexerUrl && !preferRpc) {
    const url = new URL(chain.indexerUrl, origin).toString();
    return { kind: "indexer", indexer: createIndexerClient({ url }), description: `the indexer at ${chain.indexerUrl}` };
  }
  return { kind: "rpc", indexer: undefined, description: `the chain's RPC (eth_getLogs in chunks of ${DEFAULT_LOGS_CHUNK_SIZE.toLocaleString("en-US")} blocks)` };
}
