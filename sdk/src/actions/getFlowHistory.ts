import { getAbiItem, zeroAddress, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readFlowHistory } from "../indexer/indexerReads.js";
import { getLogsInChunks, type ChunkedLogsOptions, type GetLogsInChunksReturnType } from "../history/getLogsInChunks.js";

/** Parameters of {@link getFlowHistory}: the vault and the blocks to read, in chunks (see {@link ChunkedLogsOptions}). */
export interface GetFlowHistoryParameters extends ChunkedLogsOptions {
  /** The vault's address. */
  vault: Address;
  /** Read the indexer instead of the chain: the same records (the chunk options are then unused). */
  indexer?: IndexerClient | undefined;
}

/**
 * One movement of the vault's shares: a deposit or mint (`Deposit`), a withdrawal or redemption
 * (`Withdraw`), or a transfer of shares between two holders (`Transfer`). The same columns as the
 * indexer's `flow` table.
 */
export interface FlowRecord {
  kind: "deposit" | "withdraw" | "transfer";
  /** Deposit: the sender; withdraw: the caller; transfer: the share sender. */
  sender: Address;
  /** Deposit: the share owner; withdraw: who got the assets; transfer: the share receiver. */
  receiver: Address;
  /** Withdraw: the share owner; otherwise the receiver. */
  owner: Address;
  /** Assets paid in (deposit) or out (withdraw); 0 for a transfer. */
  assets: bigint;
  /** Shares minted, burnt or transferred. */
  shares: bigint;
  blockNumber: bigint;
  transactionHash: `0x${string}`;
  logIndex: number;
}

/** Every flow in the range, oldest first. */
export type GetFlowHistoryReturnType = FlowRecord[];

const flowEvents = [
  getAbiItem({ abi: leveragedVaultAbi, name: "Deposit" }),
  getAbiItem({ abi: leveragedVaultAbi, name: "Withdraw" }),
  getAbiItem({ abi: leveragedVaultAbi, name: "Transfer" }),
] as const;

/** A decoded `Deposit`, `Withdraw` or `Transfer` log of the vault. */
export type FlowLog = GetLogsInChunksReturnType<typeof flowEvents>[number];

/**
 * Lists the vault's deposits, withdrawals and share transfers between two blocks, oldest first (by
 * block, then log index). Mints and burns (`Transfer` from or to the zero address) are left out:
 * the `Deposit` or `Withdraw` of the same call already records them. With an `indexer`, read from it; otherwise over RPC with
 * {@link getLogsInChunks}, the three events in the same requests: one `eth_getLogs` per `chunkSize`
 * blocks (default 2,000), `concurrency` at a time (default 4), `toBlock` (default latest) fixed to a
 * block number first; `onProgress` follows the read.
 *
 * @example
 * ```ts
 * import { getFlowHistory } from "@leveraged-vault/sdk";
 *
 * const flows = await getFlowHistory(publicClient, { vault, fromBlock: createdAtBlock, chunkSize: 10_000 });
 * const deposited = flows.filter((flow) => flow.kind === "deposit").reduce((sum, flow) => sum + flow.assets, 0n);
 * ```
 */
export async function getFlowHistory(
  client: Client<Transport, Chain | undefined>,
  parameters: GetFlowHistoryParameters,
): Promise<GetFlowHistoryReturnType> {
  const { vault, indexer, ...range } = parameters;
  if (indexer) return readFlowHistory(indexer, { vault, fromBlock: range.fromBlock, toBlock: range.toBlock });
  const logs = await getLogsInChunks(client, { ...range, address: vault, events: flowEvents });
  return flowRecordsFromLogs(logs);
}

/**
 * The flow records of decoded vault logs, in the logs' order, without mints and burns (`Transfer`
 * from or to the zero address). Pure.
 */
export function flowRecordsFromLogs(logs: readonly FlowLog[]): FlowRecord[] {
  const records: FlowRecord[] = [];
  for (const log of logs) {
    const position = { blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.logIndex };
    if (log.eventName === "Deposit") {
      const { sender, owner, assets, shares } = log.args;
      records.push({ kind: "deposit", sender, receiver: owner, owner, assets, shares, ...position });
    } else if (log.eventName === "Withdraw") {
      const { sender, receiver, owner, assets, shares } = log.args;
      records.push({ kind: "withdraw", sender, receiver, owner, assets, shares, ...position });
    } else {
      const { from, to, value } = log.args;
      if (from === zeroAddress || to === zeroAddress) continue;
      records.push({ kind: "transfer", sender: from, receiver: to, owner: to, assets: 0n, shares: value, ...position });
    }
  }
  return records;
}
