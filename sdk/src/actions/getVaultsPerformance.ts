import { type Address, type Chain, type Client, type Transport } from "viem";
import { getBlock, readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import { performanceFigures, vaultPerformance } from "../analytics/vaultPerformance.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readVaultMetrics, type VaultPerformanceSummary } from "../indexer/indexerReads.js";
import { navSnapshotAt } from "./getNavHistory.js";

/** Parameters of {@link getVaultsPerformance}. */
export interface GetVaultsPerformanceParameters {
  /** The vaults, each with its creation block (the registry's `createdAtBlock`, as `getVaults` lists them). */
  vaults: readonly { vault: Address; createdAtBlock: bigint }[];
  /** Read the indexer's metrics instead of sampling the chain. */
  indexer?: IndexerClient | undefined;
  /** Over RPC: the figures as of this block (default latest). */
  blockNumber?: bigint | undefined;
}

export type { VaultPerformanceSummary };

const DAY = 86_400n;
const WAD = 10n ** 18n;

/**
 * Each vault's 24-hour, 7-day and 30-day returns and current leverage, for a vault list.
 *
 * - With an `indexer`: its `vault_metrics` (the SDK's {@link vaultPerformance} over every snapshot,
 *   so realised volatility and the gap to the ideal are measured on the whole path).
 * - Without: the NAV per share at the last block at or before each window's start (found by a binary
 *   search over block timestamps, shared by all the vaults) and now, one multicall each (an archive
 *   RPC), through the same {@link vaultPerformance}; its volatility and gap are then measured on
 *   those four samples only. A window that starts before the vault existed has a null return.
 *
 * Vaults come back in the order given; a vault the indexer has no snapshot of yet is left out.
 *
 * @example
 * ```ts
 * import { getVaults, getVaultsPerformance } from "@leveraged-vault/sdk";
 *
 * const { vaults } = await getVaults(publicClient, { registry });
 * const figures = await getVaultsPerformance(publicClient, { vaults, indexer });
 * ```
 */
export async function getVaultsPerformance(client: Client<Transport, Chain | undefined>, parameters: GetVaultsPerformanceParameters): Promise<VaultPerformanceSummary[]> {
  const { vaults, indexer } = parameters;
  if (indexer) {
    const rows = await readVaultMetrics(indexer, { vaults: vaults.map((entry) => entry.vault) });
    const byVault = new Map(rows.map((row) => [row.vault.toLowerCase(), row]));
    return vaults.flatMap((entry) => byVault.get(entry.vault.toLowerCase()) ?? []);
  }
  const latest = await getBlock(client, parameters.blockNumber === undefined ? {} : { blockNumber: parameters.blockNumber });
  const starts: (bigint | undefined)[] = [];
  for (const seconds of [30n * DAY, 7n * DAY, DAY]) starts.push(await lastBlockAtOrBefore(client, latest.timestamp - seconds, latest.number));
  return Promise.all(
    vaults.map(async ({ vault, createdAtBlock }) => {
      const [decimals, risk] = await Promise.all([
        readContract(client, { address: vault, abi: leveragedVaultAbi, functionName: "decimals" }),
        readContract(client, { address: vault, abi: leveragedVaultAbi, functionName: "riskParameters" }),
      ]);
      const blocks = [...new Set([...starts.filter((block) => block !== undefined && block >= createdAtBlock), latest.number])] as bigint[];
      const points = await Promise.all(blocks.map((blockNumber) => navSnapshotAt(client, vault, decimals, blockNumber)));
      const now = points[points.length - 1]!;
      const performance = vaultPerformance({ points, targetLeverage: Number((risk.targetLeverage * 1_000_000n) / WAD) / 1_000_000, now: latest.timestamp });
      return { vault, blockNumber: now.blockNumber, timestamp: now.timestamp, navPerShare: now.navPerShare, leverage: now.leverage, ...performanceFigures(performance) };
    }),
  );
}

/** The last block whose timestamp is at or before `timestamp` (undefined when even block 0 is later). */
export async function lastBlockAtOrBefore(client: Client<Transport, Chain | undefined>, timestamp: bigint, highest: bigint): Promise<bigint | undefined> {
  let [low, high] = [0n, highest];
  if ((await getBlock(client, { blockNumber: low })).timestamp > timestamp) return undefined;
  while (low < high) {
    const middle = (low + high + 1n) / 2n;
    if ((await getBlock(client, { blockNumber: middle })).timestamp <= timestamp) low = middle;
    else high = middle - 1n;
  }
  return low;
}
