import type { Address, BlockNumber, BlockTag, Chain, Client, Transport } from "viem";
import { getContractEvents } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { RebalanceActionValue } from "../types.js";

/** Parameters of {@link getRebalanceHistory}. */
export interface GetRebalanceHistoryParameters {
  /** The vault's address. */
  vault: Address;
  /** First block to search (e.g. the vault's deployment block). */
  fromBlock: BlockNumber | BlockTag;
  /** Last block to search (default latest). */
  toBlock?: BlockNumber | BlockTag | undefined;
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

/**
 * Lists the vault's rebalances (`Rebalanced` events) between two blocks, oldest first, with each
 * trade's execution cost against the oracle. One `eth_getLogs`; split wide ranges yourself if your
 * RPC limits them.
 *
 * @example
 * ```ts
 * import { getRebalanceHistory } from "@leveraged-vault/sdk";
 *
 * const history = await getRebalanceHistory(publicClient, { vault, fromBlock: 0n });
 * for (const r of history) console.log(r.blockNumber, r.leverageBefore, "->", r.leverageAfter);
 * ```
 */
export async function getRebalanceHistory(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRebalanceHistoryParameters,
): Promise<GetRebalanceHistoryReturnType> {
  const { vault, fromBlock, toBlock } = parameters;
  const logs = await getContractEvents(client, {
    address: vault,
    abi: leveragedVaultAbi,
    eventName: "Rebalanced",
    fromBlock,
    toBlock,
    strict: true,
  });
  return logs.map((log) => ({
    // Mined logs only (`toBlock: "pending"` aside), so these are set.
    blockNumber: log.blockNumber!,
    transactionHash: log.transactionHash!,
    logIndex: log.logIndex!,
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
