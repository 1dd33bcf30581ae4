/**
 * The SDK's reads from a leveraged-vault indexer (`indexer/`, Ponder's GraphQL), mapped to the same
 * types as the RPC reads: every bigint column arrives as a decimal string and every address in lower
 * case, and leaves as a bigint and a checksummed address.
 */
import { getAddress, type Address } from "viem";

import type { VaultListing } from "../actions/getVaults.js";
import type { PositionBook } from "../analytics/positionBook.js";
import { vaultKindFromBytes32 } from "../registry/vaultKinds.js";
import type { RebalanceActionValue } from "../types.js";
import { queryAllPages, type IndexerClient } from "./createIndexerClient.js";

/** A block range to read; `toBlock` undefined or `"latest"`: up to the indexer's last block. */
export interface IndexerBlockRange {
  fromBlock: bigint;
  toBlock?: bigint | "latest" | undefined;
}

const ACTIONS: Record<string, RebalanceActionValue> = { rebalance: 1, iterate: 2, emergency: 3 } as Record<string, RebalanceActionValue>;

/** Orders rows as the chain does: by block number, then by log index. */
function byChainPosition(a: { blockNumber: bigint; logIndex: number }, b: { blockNumber: bigint; logIndex: number }): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

function rangeFilter(vault: Address, range: IndexerBlockRange) {
  const where: Record<string, string> = { vault: vault.toLowerCase(), blockNumber_gte: range.fromBlock.toString() };
  if (range.toBlock !== undefined && range.toBlock !== "latest") where.blockNumber_lte = range.toBlock.toString();
  return where;
}

/** A paged list query of `field` with `fields`, filtered by `where` (a `${field}Filter`). */
function listDocument(field: string, filterType: string, fields: string, orderBy = "blockNumber") {
  return `query ($where: ${filterType}, $after: String, $limit: Int) {
  ${field}(where: $where, orderBy: "${orderBy}", orderDirection: "asc", after: $after, limit: $limit) {
    items { ${fields} }
    pageInfo { hasNextPage endCursor }
  }
}`;
}

interface RebalanceRow {
  blockNumber: string;
  transactionHash: `0x${string}`;
  logIndex: number;
  caller: string;
  action: string;
  leverageBefore: string;
  leverageAfter: string;
  amountIn: string;
  amountOut: string;
  oracleImpliedAmountIn: string;
  executionCost: string;
  reward: string;
}

const REBALANCE_FIELDS = "blockNumber transactionHash logIndex caller action leverageBefore leverageAfter amountIn amountOut oracleImpliedAmountIn executionCost reward";

/** The vault's rebalances in the range, oldest first: `getRebalanceHistory`'s records. */
export async function readRebalanceHistory(indexer: IndexerClient, parameters: IndexerBlockRange & { vault: Address }) {
  const rows = await queryAllPages<RebalanceRow>(indexer, "rebalances", listDocument("rebalances", "rebalanceFilter", REBALANCE_FIELDS), {
    where: rangeFilter(parameters.vault, parameters),
  });
  return rows
    .map((row) => ({
      blockNumber: BigInt(row.blockNumber),
      transactionHash: row.transactionHash,
      logIndex: row.logIndex,
      caller: getAddress(row.caller),
      action: ACTIONS[row.action] ?? (0 as RebalanceActionValue),
      leverageBefore: BigInt(row.leverageBefore),
      leverageAfter: BigInt(row.leverageAfter),
      amountIn: BigInt(row.amountIn),
      amountOut: BigInt(row.amountOut),
      oracleImpliedAmountIn: BigInt(row.oracleImpliedAmountIn),
      executionCost: BigInt(row.executionCost),
      reward: BigInt(row.reward),
    }))
    .sort(byChainPosition);
}

interface FlowRow {
  kind: "deposit" | "withdraw" | "transfer";
  sender: string;
  receiver: string;
  owner: string;
  assets: string;
  shares: string;
  blockNumber: string;
  transactionHash: `0x${string}`;
  logIndex: number;
}

/** The vault's deposits, withdrawals and share transfers in the range, oldest first: `getFlowHistory`'s records. */
export async function readFlowHistory(indexer: IndexerClient, parameters: IndexerBlockRange & { vault: Address }) {
  const rows = await queryAllPages<FlowRow>(indexer, "flows", listDocument("flows", "flowFilter", "kind sender receiver owner assets shares blockNumber transactionHash logIndex"), {
    where: rangeFilter(parameters.vault, parameters),
  });
  return rows
    .map((row) => ({
      kind: row.kind,
      sender: getAddress(row.sender),
      receiver: getAddress(row.receiver),
      owner: getAddress(row.owner),
      assets: BigInt(row.assets),
      shares: BigInt(row.shares),
      blockNumber: BigInt(row.blockNumber),
      transactionHash: row.transactionHash,
      logIndex: row.logIndex,
    }))
    .sort(byChainPosition);
}

/** The vault at one block: NAV, leverage and position, as the chain answered there. */
export interface NavSnapshot {
  blockNumber: bigint;
  /** Unix seconds. */
  timestamp: bigint;
  totalAssets: bigint;
  totalSupply: bigint;
  /** Assets per whole share (`convertToAssets(10 ** decimals)`). */
  navPerShare: bigint;
  /** Leverage (WAD). */
  leverage: bigint;
  collateral: bigint;
  debt: bigint;
  /** The collateral's price in debt units (`positionState().price`, scaled by `PRICE_SCALE`). */
  price: bigint;
}

interface SnapshotRow {
  blockNumber: string;
  timestamp: string;
  totalAssets: string;
  totalSupply: string;
  navPerShare: string;
  leverage: string;
  collateral: string;
  debt: string;
  price: string;
}

/** The vault's NAV snapshots in the range, oldest first: one at each of its events and one per block interval. */
export async function readNavHistory(indexer: IndexerClient, parameters: IndexerBlockRange & { vault: Address }): Promise<NavSnapshot[]> {
  const rows = await queryAllPages<SnapshotRow>(
    indexer,
    "snapshots",
    listDocument("snapshots", "snapshotFilter", "blockNumber timestamp totalAssets totalSupply navPerShare leverage collateral debt price"),
    { where: rangeFilter(parameters.vault, parameters) },
  );
  return rows
    .map((row) => ({
      blockNumber: BigInt(row.blockNumber),
      timestamp: BigInt(row.timestamp),
      totalAssets: BigInt(row.totalAssets),
      totalSupply: BigInt(row.totalSupply),
      navPerShare: BigInt(row.navPerShare),
      leverage: BigInt(row.leverage),
      collateral: BigInt(row.collateral),
      debt: BigInt(row.debt),
      price: BigInt(row.price),
    }))
    .sort((a, b) => (a.blockNumber < b.blockNumber ? -1 : a.blockNumber > b.blockNumber ? 1 : 0));
}

/** One account's book in one vault: average cost, realised profit, flows (see `positionBook`). */
export interface AccountPositionBook extends PositionBook {
  vault: Address;
  account: Address;
}

interface PositionRow {
  vault: string;
  account: string;
  shares: string;
  costBasis: string;
  costBasisUsd: string;
  deposited: string;
  withdrawn: string;
  transferredCost: string;
  realisedPnl: string;
}

/** Every vault position of `account` the indexer holds (including closed ones, with 0 shares), by vault address. */
export async function readAccountPositions(indexer: IndexerClient, parameters: { account: Address; vaults?: readonly Address[] | undefined }): Promise<AccountPositionBook[]> {
  const where: Record<string, unknown> = { account: parameters.account.toLowerCase() };
  if (parameters.vaults) where.vault_in = parameters.vaults.map((vault) => vault.toLowerCase());
  const rows = await queryAllPages<PositionRow>(
    indexer,
    "positions",
    listDocument("positions", "positionFilter", "vault account shares costBasis costBasisUsd deposited withdrawn transferredCost realisedPnl", "vault"),
    { where },
  );
  return rows.map((row) => ({
    vault: getAddress(row.vault),
    account: getAddress(row.account),
    shares: BigInt(row.shares),
    costBasis: BigInt(row.costBasis),
    costBasisUsd: BigInt(row.costBasisUsd),
    deposited: BigInt(row.deposited),
    withdrawn: BigInt(row.withdrawn),
    transferredCost: BigInt(row.transferredCost),
    realisedPnl: BigInt(row.realisedPnl),
  }));
}

/** A vault's latest figures: what a vault list shows next to each vault. */
export interface VaultPerformanceSummary {
  vault: Address;
  /** The block and time the figures are for. */
  blockNumber: bigint;
  timestamp: bigint;
  /** Assets per whole share there. */
  navPerShare: bigint;
  /** Leverage (WAD) there. */
  leverage: bigint;
  /** NAV-per-share returns over 24 hours, 7 and 30 days (null while the vault is younger). */
  return24h: number | null;
  return7d: number | null;
  return30d: number | null;
  /** Over the last 30 days: the collateral's realised volatility, annualised (null where not measured). */
  realisedVolatility: number | null;
  /** Over the last 30 days: vault multiple / ideal continuously rebalanced multiple − 1 (null where not measured). */
  gapToIdeal: number | null;
}

interface MetricsRow {
  vault: string;
  blockNumber: string;
  timestamp: string;
  navPerShare: string;
  leverage: string;
  return24h: number | null;
  return7d: number | null;
  return30d: number | null;
  realisedVolatility: number | null;
  gapToIdeal: number | null;
}

/** The indexer's latest metrics of `vaults` (of every vault when omitted); a vault without a snapshot yet is left out. */
export async function readVaultMetrics(indexer: IndexerClient, parameters: { vaults?: readonly Address[] | undefined } = {}): Promise<VaultPerformanceSummary[]> {
  const where = parameters.vaults ? { vault_in: parameters.vaults.map((vault) => vault.toLowerCase()) } : undefined;
  const rows = await queryAllPages<MetricsRow>(
    indexer,
    "vaultMetricss",
    listDocument("vaultMetricss", "vaultMetricsFilter", "vault blockNumber timestamp navPerShare leverage return24h return7d return30d realisedVolatility gapToIdeal", "vault"),
    { where },
  );
  return rows.map((row) => ({
    vault: getAddress(row.vault),
    blockNumber: BigInt(row.blockNumber),
    timestamp: BigInt(row.timestamp),
    navPerShare: BigInt(row.navPerShare),
    leverage: BigInt(row.leverage),
    return24h: row.return24h,
    return7d: row.return7d,
    return30d: row.return30d,
    realisedVolatility: row.realisedVolatility,
    gapToIdeal: row.gapToIdeal,
  }));
}

interface ListingRow {
  address: string;
  kind: `0x${string}`;
  collateralToken: string;
  debtToken: string;
  factory: string;
  createdAtBlock: string;
  createdAt: string;
  retired: boolean;
}

/**
 * The registry's listings the indexer holds, in registry order, filtered by kind or by pair as the
 * registry's own lists are: `getVaults`'s page (`offset`, `limit`) and `total` from the indexer.
 */
export async function readVaultListings(
  indexer: IndexerClient,
  parameters: { kindBytes32?: `0x${string}` | undefined; collateralToken?: Address | undefined; debtToken?: Address | undefined; offset: bigint; limit: bigint },
): Promise<{ listings: VaultListing[]; total: bigint }> {
  const where: Record<string, string> = {};
  if (parameters.kindBytes32) where.kind = parameters.kindBytes32.toLowerCase();
  if (parameters.collateralToken) where.collateralToken = parameters.collateralToken.toLowerCase();
  if (parameters.debtToken) where.debtToken = parameters.debtToken.toLowerCase();
  const rows = await queryAllPages<ListingRow>(
    indexer,
    "vaults",
    listDocument("vaults", "vaultFilter", "address kind collateralToken debtToken factory createdAtBlock createdAt retired", "registryIndex"),
    { where },
  );
  const page = rows.slice(Number(parameters.offset), Number(parameters.offset + parameters.limit));
  return {
    total: BigInt(rows.length),
    listings: page.map((row) => ({
      vault: getAddress(row.address),
      kind: vaultKindFromBytes32(row.kind),
      collateralToken: getAddress(row.collateralToken),
      debtToken: getAddress(row.debtToken),
      factory: getAddress(row.factory),
      createdAtBlock: BigInt(row.createdAtBlock),
      createdAt: BigInt(row.createdAt),
      retired: row.retired,
    })),
  };
}
