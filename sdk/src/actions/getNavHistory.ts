import { type Address, type Chain, type Client, type Transport } from "viem";
import { getBlock, multicall } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ChunkedLogsOptions } from "../history/getLogsInChunks.js";
import { mapWithConcurrency } from "../history/mapWithConcurrency.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readNavHistory, type NavSnapshot } from "../indexer/indexerReads.js";
import { getFlowHistory } from "./getFlowHistory.js";
import { getRebalanceHistory } from "./getRebalanceHistory.js";

/** Parameters of {@link getNavHistory}. */
export interface GetNavHistoryParameters extends ChunkedLogsOptions {
  /** The vault's address. */
  vault: Address;
  /** Read the indexer's snapshots instead of the chain (the chunk options are then unused). */
  indexer?: IndexerClient | undefined;
}

export type { NavSnapshot };

/**
 * The vault's NAV per share, leverage and position through time, oldest first.
 *
 * - With an `indexer`: its snapshots, one at each of the vault's events and one per block interval.
 * - Without: one snapshot at each block where the vault had a flow or a rebalance (found with
 *   {@link getFlowHistory} and {@link getRebalanceHistory}, in chunks) and one at `toBlock`, each read
 *   in one deployless multicall at that block (an archive RPC for old blocks), `concurrency` at a time.
 *
 * Either way every snapshot is the chain's answer at its block, in integers.
 *
 * @example
 * ```ts
 * import { createIndexerClient, getNavHistory } from "@leveraged-vault/sdk";
 *
 * const history = await getNavHistory(publicClient, { vault, fromBlock: createdAtBlock, indexer: createIndexerClient({ url }) });
 * ```
 */
export async function getNavHistory(client: Client<Transport, Chain | undefined>, parameters: GetNavHistoryParameters): Promise<NavSnapshot[]> {
  const { vault, indexer, ...range } = parameters;
  if (indexer) return readNavHistory(indexer, { vault, fromBlock: range.fromBlock, toBlock: range.toBlock });
  const toBlock = range.toBlock === undefined || range.toBlock === "latest" ? await client.request({ method: "eth_blockNumber" }).then(BigInt) : range.toBlock;
  const [flows, rebalances] = await Promise.all([getFlowHistory(client, { ...range, vault, toBlock }), getRebalanceHistory(client, { ...range, vault, toBlock })]);
  const blocks = [...new Set([...flows, ...rebalances].map((event) => event.blockNumber)).add(toBlock)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const decimals = await multicall(client, { allowFailure: false, deployless: true, contracts: [{ address: vault, abi: leveragedVaultAbi, functionName: "decimals" }] }).then(([value]) => value);
  return mapWithConcurrency(blocks, range.concurrency ?? 4, (blockNumber) => navSnapshotAt(client, vault, decimals, blockNumber));
}

/** The vault's snapshot at `blockNumber`: one deployless multicall and the block's timestamp. */
export async function navSnapshotAt(client: Client<Transport, Chain | undefined>, vault: Address, decimals: number, blockNumber: bigint): Promise<NavSnapshot> {
  const contract = { address: vault, abi: leveragedVaultAbi } as const;
  const [[totalAssets, totalSupply, navPerShare, state], block] = await Promise.all([
    multicall(client, {
      allowFailure: false,
      deployless: true,
      blockNumber,
      contracts: [
        { ...contract, functionName: "totalAssets" },
        { ...contract, functionName: "totalSupply" },
        { ...contract, functionName: "convertToAssets", args: [10n ** BigInt(decimals)] },
        { ...contract, functionName: "positionState" },
      ],
    }),
    getBlock(client, { blockNumber }),
  ]);
  return {
    blockNumber,
    timestamp: block.timestamp,
    totalAssets,
    totalSupply,
    navPerShare,
    leverage: state.leverage,
    collateral: state.collateral,
    debt: state.debt,
    price: state.price,
  };
}
