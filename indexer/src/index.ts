/**
 * The indexing functions: vaults from the registry, then each vault's flows, rebalances, governance
 * changes, holders' positions and NAV snapshots. Reads go to the chain at the event's block through
 * Ponder's client (cached per block), so every stored NAV is the chain's own answer at that block.
 * Each event's reads go in one Multicall3 `aggregate3` (a snapshot's four, with a deposit's price),
 * and the block-interval snapshots of all vaults in one multicall: a backfill's pace is set by its
 * requests, since Ponder 0.16's RPC client starts at 20 a second per endpoint and raises that slowly.
 */
import { ponder, type Context } from "ponder:registry";
import { flow, governanceChange, position, rebalance, snapshot, vault } from "ponder:schema";
import { parseAbi, zeroAddress, type Address } from "viem";

import { indexerSettings } from "./config.js";
import { GOVERNANCE_EVENTS } from "./events.js";
import { updateMetrics } from "./metrics.js";
import { deposited, EMPTY_POSITION, leveragedVaultAbi, sharesBurnt, sharesMinted, transferred, withdrew, type NavSnapshot, type PositionBook } from "@leveraged-vault/sdk";

const feedAbi = parseAbi(["function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)"]);
const erc20Abi = parseAbi(["function decimals() view returns (uint8)"]);
const ACTIONS = ["none", "rebalance", "iterate", "emergency"] as const;

type Db = Context["db"];
type Client = Context["client"];

interface EventBlock {
  number: bigint;
  timestamp: bigint;
}

/** A vault a snapshot reads: where it is, its share decimals and its target leverage (for the metrics). */
interface SnapshotVault {
  address: Address;
  decimals: number;
  targetLeverage: bigint;
}

/** What a snapshot stores of one vault at one block: the SDK's `NavSnapshot` less where and when. */
type SnapshotReading = Omit<NavSnapshot, "blockNumber" | "timestamp">;

/** The chain's Multicall3, as the settings resolve it (viem's chain definition has none for a local node). */
const { multicall3 } = indexerSettings(process.env);
/** How the handlers read: through Multicall3's `aggregate3`, and a failing read fails the event, as a failing `readContract` does. */
const IN_ONE_CALL = { allowFailure: false, multicallAddress: multicall3 } as const;

/** The four reads of a snapshot of `vault`, in the order `snapshotReading` takes their results. */
function snapshotCalls({ address, decimals }: SnapshotVault) {
  return [
    { abi: leveragedVaultAbi, address, functionName: "totalAssets" },
    { abi: leveragedVaultAbi, address, functionName: "totalSupply" },
    { abi: leveragedVaultAbi, address, functionName: "convertToAssets", args: [10n ** BigInt(decimals)] },
    { abi: leveragedVaultAbi, address, functionName: "positionState" },
  ] as const;
}
const CALLS_PER_SNAPSHOT = 4;
type SnapshotResults = readonly [bigint, bigint, bigint, { leverage: bigint; collateral: bigint; debt: bigint; price: bigint }];

/** A snapshot from the results of its `snapshotCalls`. */
function snapshotReading([totalAssets, totalSupply, navPerShare, state]: SnapshotResults): SnapshotReading {
  return { totalAssets, totalSupply, navPerShare, leverage: state.leverage, collateral: state.collateral, debt: state.debt, price: state.price };
}

/**
 * Every vault's NAV and leverage at `blockNumber` in one multicall: one `eth_call` for one vault, and
 * as few as viem's calldata chunks allow for many (Ponder's client still caches each inner call).
 */
async function readSnapshots(client: Client, vaults: SnapshotVault[], blockNumber: bigint): Promise<SnapshotReading[]> {
  if (vaults.length === 0) return [];
  const results = await client.multicall({ contracts: vaults.flatMap(snapshotCalls), ...IN_ONE_CALL, blockNumber });
  return vaults.map((_, index) => snapshotReading(results.slice(index * CALLS_PER_SNAPSHOT, (index + 1) * CALLS_PER_SNAPSHOT) as unknown as SnapshotResults));
}

/** Stores `reading` as the vault's snapshot at `block` (one row per vault and block), then its metrics. */
async function writeSnapshot(db: Db, vaultToSnapshot: SnapshotVault, block: EventBlock, reading: SnapshotReading) {
  const { address, targetLeverage } = vaultToSnapshot;
  const row = { timestamp: block.timestamp, ...reading };
  await db.insert(snapshot).values({ vault: address, blockNumber: block.number, ...row }).onConflictDoUpdate(row);
  await updateMetrics(db, address, targetLeverage, { number: block.number, timestamp: block.timestamp, navPerShare: reading.navPerShare, leverage: reading.leverage });
}

/** The vault's NAV and leverage at `block`, as the chain answers, stored with its metrics. */
async function takeSnapshot(db: Db, client: Client, vaultToSnapshot: SnapshotVault, block: EventBlock) {
  const [reading] = await readSnapshots(client, [vaultToSnapshot], block.number);
  await writeSnapshot(db, vaultToSnapshot, block, reading!);
}

async function snapshotVault(context: Context, address: Address, block: EventBlock) {
  const row = await context.db.find(vault, { address });
  if (row) await takeSnapshot(context.db, context.client, { address, decimals: row.decimals, targetLeverage: row.targetLeverage }, block);
}

async function readBook(db: Db, vaultAddress: Address, account: Address): Promise<PositionBook> {
  const row = await db.find(position, { vault: vaultAddress, account });
  return row ? { ...row } : { ...EMPTY_POSITION };
}

async function writeBook(db: Db, vaultAddress: Address, account: Address, book: PositionBook, blockNumber: bigint) {
  const { shares, costBasis, costBasisUsd, deposited, withdrawn, transferredCost, realisedPnl } = book;
  const values = { shares, costBasis, costBasisUsd, deposited, withdrawn, transferredCost, realisedPnl, updatedAtBlock: blockNumber };
  await db.insert(position).values({ vault: vaultAddress, account, ...values }).onConflictDoUpdate(values);
}

/** Arguments with bigints as decimal strings, for a JSON column. */
function jsonArgs(args: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(args, (_, value) => (typeof value === "bigint" ? value.toString() : value)));
}

/** Where a flow event sits on the chain: its id, block, transaction and log. */
interface FlowEvent {
  id: string;
  block: EventBlock;
  transaction: { hash: `0x${string}` };
  log: { address: Address; logIndex: number };
}

/** Records one flow (deposit, withdrawal or transfer between holders) of the vault that emitted `event`. */
async function recordFlow(
  db: Db,
  event: FlowEvent,
  flowRow: { kind: "deposit" | "withdraw" | "transfer"; sender: Address; receiver: Address; owner: Address; assets: bigint; shares: bigint },
) {
  await db.insert(flow).values({
    id: event.id,
    vault: event.log.address,
    ...flowRow,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
}

ponder.on("VaultRegistry:VaultCreated", async ({ event, context }) => {
  const address = event.args.vault;
  const blockNumber = event.block.number;
  const [name, symbol, decimals, collateralFeed, asset] = await context.client.multicall({
    contracts: [
      { abi: leveragedVaultAbi, address, functionName: "name" },
      { abi: leveragedVaultAbi, address, functionName: "symbol" },
      { abi: leveragedVaultAbi, address, functionName: "decimals" },
      { abi: leveragedVaultAbi, address, functionName: "collateralFeed" },
      { abi: leveragedVaultAbi, address, functionName: "asset" },
    ],
    ...IN_ONE_CALL,
    blockNumber,
  });
  const snapshotVault = { address, decimals: Number(decimals), targetLeverage: event.args.targetLeverage };
  // The asset's decimals (known once `asset` is) and the first snapshot, in a second call.
  const [assetDecimals, ...snapshotResults] = await context.client.multicall({
    contracts: [{ abi: erc20Abi, address: asset, functionName: "decimals" }, ...snapshotCalls(snapshotVault)],
    ...IN_ONE_CALL,
    blockNumber,
  });
  await context.db.insert(vault).values({
    address,
    kind: event.args.kind,
    factory: event.args.factory,
    collateralToken: event.args.collateralToken,
    debtToken: event.args.debtToken,
    marketId: event.args.marketId,
    venue: event.args.venue,
    targetLeverage: event.args.targetLeverage,
    owner: event.args.owner,
    automationAdapter: event.args.automationAdapter,
    registryIndex: event.args.index,
    name,
    symbol,
    decimals: Number(decimals),
    assetDecimals: Number(assetDecimals),
    collateralFeed,
    retired: false,
    createdAtBlock: blockNumber,
    createdAt: event.block.timestamp,
  });
  await writeSnapshot(context.db, snapshotVault, event.block, snapshotReading(snapshotResults));
});

ponder.on("VaultRegistry:VaultRetired", async ({ event, context }) => {
  await context.db.update(vault, { address: event.args.vault }).set({ retired: true });
  await context.db.insert(governanceChange).values({
    id: event.id,
    vault: event.args.vault,
    event: "VaultRetired",
    args: jsonArgs(event.args),
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

ponder.on("LeveragedVault:Transfer", async ({ event, context }) => {
  const vaultAddress = event.log.address;
  const { from, to, value } = event.args;
  const blockNumber = event.block.number;
  if (from === zeroAddress) {
    await writeBook(context.db, vaultAddress, to, sharesMinted(await readBook(context.db, vaultAddress, to), value), blockNumber);
    return;
  }
  if (to === zeroAddress) {
    await writeBook(context.db, vaultAddress, from, sharesBurnt(await readBook(context.db, vaultAddress, from), value), blockNumber);
    return;
  }
  const moved = transferred(await readBook(context.db, vaultAddress, from), await readBook(context.db, vaultAddress, to), value);
  await writeBook(context.db, vaultAddress, from, moved.from, blockNumber);
  await writeBook(context.db, vaultAddress, to, moved.to, blockNumber);
  await recordFlow(context.db, event, { kind: "transfer", sender: from, receiver: to, owner: to, assets: 0n, shares: value });
});

ponder.on("LeveragedVault:Deposit", async ({ event, context }) => {
  const vaultAddress = event.log.address;
  const { sender, owner, assets, shares } = event.args;
  const row = await context.db.find(vault, { address: vaultAddress });
  let assetsUsd = 0n;
  let snapshotToWrite: { vault: SnapshotVault; reading: SnapshotReading } | undefined;
  if (row) {
    const snapshotVault = { address: vaultAddress, decimals: row.decimals, targetLeverage: row.targetLeverage };
    // The collateral's price (for the cost basis in USD) and the snapshot, in one call.
    const [[, answer], ...snapshotResults] = await context.client.multicall({
      contracts: [{ abi: feedAbi, address: row.collateralFeed, functionName: "latestRoundData" }, ...snapshotCalls(snapshotVault)],
      ...IN_ONE_CALL,
      blockNumber: event.block.number,
    });
    assetsUsd = answer > 0n ? (assets * answer) / 10n ** BigInt(row.assetDecimals) : 0n;
    snapshotToWrite = { vault: snapshotVault, reading: snapshotReading(snapshotResults) };
  }
  await writeBook(context.db, vaultAddress, owner, deposited(await readBook(context.db, vaultAddress, owner), assets, assetsUsd), event.block.number);
  await recordFlow(context.db, event, { kind: "deposit", sender, receiver: owner, owner, assets, shares });
  if (snapshotToWrite) await writeSnapshot(context.db, snapshotToWrite.vault, event.block, snapshotToWrite.reading);
});

ponder.on("LeveragedVault:Withdraw", async ({ event, context }) => {
  const vaultAddress = event.log.address;
  const { sender, receiver, owner, assets, shares } = event.args;
  await writeBook(context.db, vaultAddress, owner, withdrew(await readBook(context.db, vaultAddress, owner), assets, shares), event.block.number);
  await recordFlow(context.db, event, { kind: "withdraw", sender, receiver, owner, assets, shares });
  await snapshotVault(context, vaultAddress, event.block);
});

ponder.on("LeveragedVault:Rebalanced", async ({ event, context }) => {
  const vaultAddress = event.log.address;
  const { caller, action, leverageBefore, leverageAfter, amountIn, amountOut, oracleImpliedAmountIn, reward } = event.args;
  await context.db.insert(rebalance).values({
    id: event.id,
    vault: vaultAddress,
    caller,
    action: ACTIONS[action] ?? "none",
    leverageBefore,
    leverageAfter,
    amountIn,
    amountOut,
    oracleImpliedAmountIn,
    executionCost: amountIn - oracleImpliedAmountIn,
    reward,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
  await snapshotVault(context, vaultAddress, event.block);
});

for (const name of GOVERNANCE_EVENTS) {
  ponder.on(`LeveragedVault:${name}`, async ({ event, context }) => {
    await context.db.insert(governanceChange).values({
      id: event.id,
      vault: event.log.address,
      event: name,
      args: jsonArgs(event.args as Record<string, unknown>),
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
      transactionHash: event.transaction.hash,
    });
  });
}

ponder.on("VaultSnapshots:block", async ({ event, context }) => {
  const vaults = await context.db.sql.select({ address: vault.address, decimals: vault.decimals, targetLeverage: vault.targetLeverage }).from(vault);
  // Every vault's reads at this block in one multicall (chunked by viem), then a row each.
  const readings = await readSnapshots(context.client, vaults, event.block.number);
  for (const [index, vaultToSnapshot] of vaults.entries()) await writeSnapshot(context.db, vaultToSnapshot, event.block, readings[index]!);
});
