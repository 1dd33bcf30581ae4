import { index, onchainEnum, onchainTable, primaryKey } from "ponder";

/** Every vault the registry lists, from its `VaultCreated`. */
export const vault = onchainTable("vault", (t) => ({
  address: t.hex().primaryKey(),
  kind: t.hex().notNull(),
  factory: t.hex().notNull(),
  collateralToken: t.hex().notNull(),
  debtToken: t.hex().notNull(),
  marketId: t.hex().notNull(),
  venue: t.hex().notNull(),
  targetLeverage: t.bigint().notNull(),
  owner: t.hex().notNull(),
  automationAdapter: t.hex().notNull(),
  registryIndex: t.bigint().notNull(),
  name: t.text().notNull(),
  symbol: t.text().notNull(),
  decimals: t.integer().notNull(),
  assetDecimals: t.integer().notNull(),
  collateralFeed: t.hex().notNull(),
  retired: t.boolean().notNull(),
  createdAtBlock: t.bigint().notNull(),
  createdAt: t.bigint().notNull(),
}));

export const flowKind = onchainEnum("flow_kind", ["deposit", "withdraw", "transfer"]);

/** Deposits (and mints), withdrawals (and redemptions) and share transfers between holders. */
export const flow = onchainTable(
  "flow",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    kind: flowKind().notNull(),
    /** Deposit: the sender; withdraw: the caller; transfer: the share sender. */
    sender: t.hex().notNull(),
    /** Deposit: the share owner; withdraw: who got the assets; transfer: the share receiver. */
    receiver: t.hex().notNull(),
    /** Withdraw: the share owner; otherwise the receiver. */
    owner: t.hex().notNull(),
    assets: t.bigint().notNull(),
    shares: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byVault: index().on(table.vault, table.blockNumber), byOwner: index().on(table.owner) }),
);

export const rebalanceAction = onchainEnum("rebalance_action", ["none", "rebalance", "iterate", "emergency"]);

/** Every `Rebalanced`, with its execution cost: what the pool charged beyond the oracle's value. */
export const rebalance = onchainTable(
  "rebalance",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    caller: t.hex().notNull(),
    action: rebalanceAction().notNull(),
    leverageBefore: t.bigint().notNull(),
    leverageAfter: t.bigint().notNull(),
    amountIn: t.bigint().notNull(),
    amountOut: t.bigint().notNull(),
    oracleImpliedAmountIn: t.bigint().notNull(),
    /** `amountIn − oracleImpliedAmountIn` (negative when the pool paid better than the oracle), in amountIn's units. */
    executionCost: t.bigint().notNull(),
    reward: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byVault: index().on(table.vault, table.blockNumber) }),
);

/** Parameter and role changes: `ParametersUpdated`, `DepositsPausedSet`, `WindDownStarted`, `KeeperSet`, `GuardianSet`, `VaultRetired`. */
export const governanceChange = onchainTable(
  "governance_change",
  (t) => ({
    id: t.text().primaryKey(),
    vault: t.hex().notNull(),
    event: t.text().notNull(),
    /** The event's arguments (bigints as decimal strings). */
    args: t.json().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byVault: index().on(table.vault) }),
);

/**
 * One holder's position in one vault. Cost basis is average cost: a withdrawal or a transfer out takes
 * its pro-rata share of it. `costBasisUsd` values each deposit at the collateral feed's answer in the
 * deposit's block (the feed's decimals). Unrealised profit is the shares' value less the cost basis.
 */
export const position = onchainTable(
  "position",
  (t) => ({
    vault: t.hex().notNull(),
    account: t.hex().notNull(),
    shares: t.bigint().notNull(),
    costBasis: t.bigint().notNull(),
    costBasisUsd: t.bigint().notNull(),
    deposited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    /** Cost basis that arrived (+) or left (−) with shares transferred between holders. */
    transferredCost: t.bigint().notNull(),
    realisedPnl: t.bigint().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.vault, table.account] }), byAccount: index().on(table.account) }),
);

/** A vault's NAV and leverage at a block: at each of its events, and every INDEXER_SNAPSHOT_BLOCKS blocks. */
export const snapshot = onchainTable(
  "snapshot",
  (t) => ({
    vault: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    totalAssets: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    /** `convertToAssets(10 ** decimals)`: assets per whole share. */
    navPerShare: t.bigint().notNull(),
    leverage: t.bigint().notNull(),
    collateral: t.bigint().notNull(),
    debt: t.bigint().notNull(),
    price: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.vault, table.blockNumber] }) }),
);

/**
 * Each vault's performance as of its last snapshot, from the SDK's `vaultPerformance` over its
 * snapshots: returns over 24 hours, 7 and 30 days (null while the history is shorter), and over the
 * last 30 days the collateral's realised volatility (annualised), the vault's NAV multiple, the ideal
 * continuously rebalanced position's multiple on the same price path, and the gap between them.
 */
export const vaultMetrics = onchainTable("vault_metrics", (t) => ({
  vault: t.hex().primaryKey(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  navPerShare: t.bigint().notNull(),
  leverage: t.bigint().notNull(),
  return24h: t.doublePrecision(),
  return7d: t.doublePrecision(),
  return30d: t.doublePrecision(),
  /** When the 30-day window starts (its first snapshot; later for a younger vault). */
  windowSince: t.bigint().notNull(),
  realisedVolatility: t.doublePrecision(),
  vaultMultiple: t.doublePrecision(),
  idealMultiple: t.doublePrecision(),
  gapToIdeal: t.doublePrecision(),
}));
