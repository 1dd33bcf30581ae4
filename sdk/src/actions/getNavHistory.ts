import { type Address, type Chain, type Client, type Transport } from "viem";
import { getAbiItem } from "viem";
import { getBlock, multicall, readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import { getLogsInChunks, type ChunkedLogsOptions } from "../history/getLogsInChunks.js";
import { mapWithConcurrency } from "../history/mapWithConcurrency.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readNavHistory, type NavSnapshot } from "../indexer/indexerReads.js";

/** The vault's events after which its NAV may differ: flows (share transfers included) and rebalances. */
const NAV_EVENTS = [
  getAbiItem({ abi: leveragedVaultAbi, name: "Deposit" }),
  getAbiItem({ abi: leveragedVaultAbi, name: "Withdraw" }),
  getAbiItem({ abi: leveragedVaultAbi, name: "Transfer" }),
  getAbiItem({ abi: leveragedVaultAbi, name: "Rebalanced" }),
] as const;

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
 *   the `Deposit`, `Withdraw`, `Transfer` and `Rebalanced` logs, read together in one chunked pass) and one at `toBlock`, each read
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
  // One chunked pass over the range for every event that moves NAV (flows and rebalances together).
  const logs = await getLogsInChunks(client, { ...range, toBlock, address: vault, events: NAV_EVENTS });
  const blocks = [...new Set(logs.map((log) => log.blockNumber)).add(toBlock)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const decimals = await readContract(client, { address: vault, abi: leveragedVaultAbi, functionName: "decimals" });
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
