import { getAbiItem, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readRebalanceHistory } from "../indexer/indexerReads.js";
import { getLogsInChunks, type ChunkedLogsOptions } from "../history/getLogsInChunks.js";
import type { RebalanceActionValue } from "../types.js";

/** Parameters of {@link getRebalanceHistory}: the vault and the blocks to read, in chunks (see {@link ChunkedLogsOptions}). */
export interface GetRebalanceHistoryParameters extends ChunkedLogsOptions {
  /** The vault's address. */
  vault: Address;
  /** Read the indexer instead of the chain: the same records (the chunk options are then unused). */
  indexer?: IndexerClient | undefined;
}

/** One rebalance or emergency delever, from its `Rebalanced` event. */
export interface RebalanceRecord {
  blockNumber: bigint;
  transactionHash: `0x${string}`;
  logIndex: number;
  /** Who called `rebalance()`. */
  caller: Address;
  /** What was done (1 Rebalance, 2 Iterate, 3 Emergency). */
  action: RebalanceActionValue;
  /** Leverage before and after (WAD). */
  leverageBefore: bigint;
  leverageAfter: bigint;
  /** What the vault paid the pool (debt units when levering up, collateral when delevering). */
  amountIn: bigint;
  /** What the vault received. */
  amountOut: bigint;
  /** `amountOut` valued at the oracle, in the units of `amountIn`. */
  oracleImpliedAmountIn: bigint;
  /** Execution cost of the trade: `amountIn − oracleImpliedAmountIn` (negative when the pool paid better than the oracle). */
  executionCost: bigint;
  /** Collateral paid to the caller (emergency only). */
  reward: bigint;
}

/** Every rebalance in the range, oldest first. */
export type GetRebalanceHistoryReturnType = RebalanceRecord[];

const rebalancedEvent = getAbiItem({ abi: leveragedVaultAbi, name: "Rebalanced" });

/**
 * Lists the vault's rebalances (`Rebalanced` events) between two blocks, oldest first, with each
 * trade's execution cost against the oracle. With an `indexer`, read from it; otherwise over RPC with {@link getLogsInChunks}: one
 * `eth_getLogs` per `chunkSize` blocks (default 2,000), `concurrency` at a time (default 4), `toBlock`
 * (default latest) fixed to a block number first; `onProgress` follows the read.
 *
 * @example
 * ```ts
 * import { getRebalanceHistory } from "@leveraged-vault/sdk";
 *
 * const history = await getRebalanceHistory(publicClient, { vault, fromBlock: createdAtBlock, chunkSize: 10_000 });
 * for (const r of history) console.log(r.blockNumber, r.leverageBefore, "->", r.leverageAfter);
 * ```
 */
export async function getRebalanceHistory(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRebalanceHistoryParameters,
): Promise<GetRebalanceHistoryReturnType> {
  const { vault, indexer, ...range } = parameters;
  if (indexer) return readRebalanceHistory(indexer, { vault, fromBlock: range.fromBlock, toBlock: range.toBlock });
  const logs = await getLogsInChunks(client, { ...range, address: vault, events: [rebalancedEvent] });
  return logs.map((log) => ({
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
    logIndex: log.logIndex,
    caller: log.args.caller,
    action: log.args.action as RebalanceActionValue,
    leverageBefore: log.args.leverageBefore,
    leverageAfter: log.args.leverageAfter,
    amountIn: log.args.amountIn,
    amountOut: log.args.amountOut,
    oracleImpliedAmountIn: log.args.oracleImpliedAmountIn,
    executionCost: log.args.amountIn - log.args.oracleImpliedAmountIn,
    reward: log.args.reward,
  }));
}
