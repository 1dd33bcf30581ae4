import type { PositionState, RebalanceStatus } from "@leveraged-vault/sdk";
import { erc20Abi, zeroAddress, type Address, type Client } from "viem";
import pLimit from "p-limit";
import { getBalance, getBlock } from "viem/actions";

import type { VaultConfig } from "../config/types.js";
import { aggregate, groupSize, multicall3GettersAbi, limitsFor, planChunks, type ChunkLimits, type ReadCall, type ReadPath, type ReadResult } from "./batchedRead.js";
import { aggregatorAbi, leveragedVaultAbi } from "./vaultAbi.js";

/** `rebalanceStatus()` and `positionState()` of a vault, typed from the SDK's ABI. */
export type { PositionState, RebalanceStatus } from "@leveraged-vault/sdk";

/** How this process reads: the path (Multicall3 or deployless) and the size limits of one `eth_call`. */
export interface ReadContext {
  path: ReadPath;
  limits: ChunkLimits & { maxConcurrentRequests?: number };
}

/** Runs at most `maxConcurrentRequests` chunk reads at once (all at once when unset). */
const limiterOf = (context: ReadContext) => pLimit(context.limits.maxConcurrentRequests ?? Number.POSITIVE_INFINITY);

/** What does not change between ticks (read once per process). */
export interface VaultStaticInfo {
  symbol: string;
  collateralFeed: Address;
  /** Zero address when the vault has no debt feed. */
  debtFeed: Address;
  collateralDecimals: number;
  debtDecimals: number;
  /** Set when these facts could not be read (not a vault, or not deployed): the vault is then reported as failed on every tick, and the others go on. */
  error?: string;
}

/** One vault read at one block. `error` is set (and the rest absent) when a required call failed. */
export type VaultSnapshot =
  | {
      vault: VaultConfig;
      ok: true;
      status: RebalanceStatus;
      position: PositionState;
      isKeeper: boolean;
      /** `canRebalance(signer)`: whether the vault lets the signer rebalance now. */
      canRebalance: boolean;
      /** Oldest `updatedAt` of the vault's feeds (unix seconds), undefined if a feed read failed. */
      oldestFeedUpdatedAt: bigint | undefined;
    }
  | { vault: VaultConfig; ok: false; error: string };

/** The block every value of a tick was read at, and the signer's balance there. */
export interface TickRead {
  block: { number: bigint; timestamp: bigint; baseFeePerGas: bigint };
  /** JSON-RPC requests this read made. */
  requests: number;
  signerBalance: bigint;
  snapshots: VaultSnapshot[];
}

type NamedCalls = Record<string, ReadCall>;

/**
 * Reads named call sets (one per group) in as few `eth_call`s as the limits allow, the chunks in
 * parallel. Returns each group's results under the same names.
 */
async function readGroups<T extends NamedCalls>(client: Client, context: ReadContext, groups: T[], blockNumber?: bigint, onRequests?: (count: number) => void): Promise<Record<keyof T, ReadResult>[]> {
  const lists = groups.map((group) => Object.values(group));
  const chunks = planChunks(lists.map(groupSize), limitsFor(context.path, context.limits));
  onRequests?.(chunks.length);
  const results: Record<keyof T, ReadResult>[] = new Array(groups.length);
  const limit = limiterOf(context);
  await Promise.all(
    chunks.map(async (indexes) => limit(async () => {
      const flat = await aggregate(client, { path: context.path, calls: indexes.flatMap((index) => lists[index]!), blockNumber });
      let offset = 0;
      for (const index of indexes) {
        const names = Object.keys(groups[index]!) as (keyof T)[];
        results[index] = Object.fromEntries(names.map((name, position) => [name, flat[offset + position]!])) as Record<keyof T, ReadResult>;
        offset += names.length;
      }
    })),
  );
  return results;
}

const valueOf = <T>(result: ReadResult, what: string): T => {
  if (result.status === "failure") throw new Error(`${what}: ${result.error.message.split("\n")[0]}`);
  return result.result as T;
};

/**
 * Reads the per-vault facts that do not change (symbol, feeds, token decimals): two passes (the
 * decimals need the token addresses), each in as few `eth_call`s as the limits allow.
 */
export async function readVaultStaticInfo(client: Client, vaults: VaultConfig[], context: ReadContext, onRequests?: (count: number) => void): Promise<VaultStaticInfo[]> {
  const firstPass = await readGroups(
    client,
    context,
    vaults.map((vault) => {
      const contract = { address: vault.address, abi: leveragedVaultAbi } as const;
      return {
        symbol: { ...contract, functionName: "symbol" },
        collateralFeed: { ...contract, functionName: "collateralFeed" },
        debtFeed: { ...contract, functionName: "debtFeed" },
        asset: { ...contract, functionName: "asset" },
        debtToken: { ...contract, functionName: "debtToken" },
      } satisfies NamedCalls;
    }),
    undefined,
    onRequests,
  );
  const tokens = firstPass.map((results, index) => {
    try {
      return { asset: valueOf<Address>(results.asset, "asset()"), debtToken: valueOf<Address>(results.debtToken, "debtToken()") };
    } catch (error) {
      return { error: (error as Error).message };
    }
  });
  const decimals = await readGroups(
    client,
    context,
    tokens.map((token): NamedCalls =>
      "error" in token
        ? {}
        : {
            collateral: { address: token.asset, abi: erc20Abi, functionName: "decimals" },
            debt: { address: token.debtToken, abi: erc20Abi, functionName: "decimals" },
          },
    ),
    undefined,
    onRequests,
  );
  return firstPass.map((results, index): VaultStaticInfo => {
    const token = tokens[index]!;
    try {
      if ("error" in token) throw new Error(token.error);
      return {
        symbol: valueOf<string>(results.symbol, "symbol()"),
        collateralFeed: valueOf<Address>(results.collateralFeed, "collateralFeed()"),
        debtFeed: valueOf<Address>(results.debtFeed, "debtFeed()"),
        collateralDecimals: Number(valueOf<number>(decimals[index]!.collateral!, "decimals()")),
        debtDecimals: Number(valueOf<number>(decimals[index]!.debt!, "decimals()")),
      };
    } catch (error) {
      return { symbol: "", collateralFeed: zeroAddress, debtFeed: zeroAddress, collateralDecimals: 0, debtDecimals: 0, error: (error as Error).message };
    }
  });
}

/**
 * The calls read for each vault on every tick, by name. To read one more fact per vault, add its
 * call here and its field to {@link VaultSnapshot} in {@link snapshotOf}.
 */
export function vaultTickCalls(vault: VaultConfig, info: VaultStaticInfo, signer: Address) {
  const contract = { address: vault.address, abi: leveragedVaultAbi } as const;
  const debtFeed = info.debtFeed === zeroAddress ? info.collateralFeed : info.debtFeed;
  return {
    status: { ...contract, functionName: "rebalanceStatus" },
    position: { ...contract, functionName: "positionState" },
    isKeeper: { ...contract, functionName: "isKeeper", args: [signer] },
    canRebalance: { ...contract, functionName: "canRebalance", args: [signer] },
    collateralRound: { address: info.collateralFeed, abi: aggregatorAbi, functionName: "latestRoundData" },
    debtRound: { address: debtFeed, abi: aggregatorAbi, functionName: "latestRoundData" },
  } as const satisfies NamedCalls;
}

type TickResults = Record<keyof ReturnType<typeof vaultTickCalls>, ReadResult>;

/** A vault's snapshot from its tick results: the vault's own calls must succeed; a feed may fail (a warning). */
export function snapshotOf(vault: VaultConfig, results: TickResults): VaultSnapshot {
  const failed = [results.status, results.position, results.isKeeper, results.canRebalance].find((result) => result.status === "failure");
  if (failed) return { vault, ok: false, error: String(failed.error?.message ?? "call failed").split("\n")[0]! };
  const updatedAts = [results.collateralRound, results.debtRound].map((round) =>
    round.status === "success" ? (round.result as readonly [bigint, bigint, bigint, bigint, bigint])[3] : undefined,
  );
  return {
    vault,
    ok: true,
    status: { ...(results.status.result as RebalanceStatus) },
    position: { ...(results.position.result as PositionState) },
    isKeeper: results.isKeeper.result as boolean,
    canRebalance: results.canRebalance.result as boolean,
    oldestFeedUpdatedAt: updatedAts.some((value) => value === undefined) ? undefined : updatedAts.reduce((a, b) => (a! < b! ? a : b)),
  };
}

export interface ReadTickParameters {
  vaults: VaultConfig[];
  statics: VaultStaticInfo[];
  /** Whose keeper flag and balance to read. */
  signer: Address;
}

/**
 * The calls of a tick's read and their packing into `eth_call`s: the same on every tick while the
 * watched vaults, their static facts and the signer stay the same, so a driver plans once (and again
 * when a vault is added) and passes the plan to {@link readTick}.
 */
export interface TickReadPlan {
  /** How many vaults the plan covers. */
  vaults: number;
  blockCalls: ReturnType<typeof blockCallsOf>;
  /** Each vault's calls (empty for a vault whose static facts could not be read). */
  groups: ReadCall[][];
  /** Vault indexes per `eth_call`. */
  chunks: number[][];
  /** The names of a vault's calls, in call order. */
  names: (keyof TickResults)[];
}

function blockCallsOf(context: ReadContext, signer: Address) {
  const aggregator = context.path.kind === "multicall3" ? context.path.address : zeroAddress; // unused when deployless
  return {
    number: { address: aggregator, abi: multicall3GettersAbi, functionName: "getBlockNumber" },
    timestamp: { address: aggregator, abi: multicall3GettersAbi, functionName: "getCurrentBlockTimestamp" },
    baseFee: { address: aggregator, abi: multicall3GettersAbi, functionName: "getBasefee" },
    signerBalance: { address: aggregator, abi: multicall3GettersAbi, functionName: "getEthBalance", args: [signer] },
  } as const satisfies NamedCalls;
}

/** Builds every vault's tick calls and packs them into chunks within the read limits (no I/O). */
export function planTickRead(context: ReadContext, { vaults, statics, signer }: ReadTickParameters): TickReadPlan {
  const blockCalls = blockCallsOf(context, signer);
  const groups = vaults.map((vault, index) => (statics[index]!.error ? [] : (Object.values(vaultTickCalls(vault, statics[index]!, signer)) as ReadCall[])));
  const chunks = planChunks(groups.map(groupSize), limitsFor(context.path, context.limits), context.path.kind === "multicall3" ? groupSize(Object.values(blockCalls)) : undefined);
  const names = Object.keys(vaultTickCalls({ address: zeroAddress, name: "" }, { symbol: "", collateralFeed: zeroAddress, debtFeed: zeroAddress, collateralDecimals: 0, debtDecimals: 0 }, signer)) as (keyof TickResults)[];
  return { vaults: vaults.length, blockCalls, groups, chunks, names };
}

/**
 * Reads every watched vault at one block in ceil(N / chunk) `eth_call`s. With a deployed Multicall3
 * the first chunk runs at `latest` and also returns that block's number, timestamp and base fee and
 * the signer's balance (Multicall3's getters); the other chunks run in parallel at that block.
 * Deployless, the block and the balance take one request each. A vault whose calls fail
 * is reported as such; the others are still usable.
 */
export async function readTick(client: Client, context: ReadContext, parameters: ReadTickParameters, plan: TickReadPlan = planTickRead(context, parameters)): Promise<TickRead> {
  const { vaults, statics, signer } = parameters;
  if (plan.vaults !== vaults.length) throw new Error(`the read plan covers ${plan.vaults} vaults, not ${vaults.length}`);
  const { blockCalls, groups, chunks, names } = plan;
  const callsOf = (indexes: number[]) => indexes.flatMap((index) => groups[index]!);

  let block: TickRead["block"];
  let signerBalance: bigint;
  let vaultResults: ReadResult[][];
  if (context.path.kind === "multicall3") {
    const [first, ...rest] = chunks;
    const firstResults = await aggregate(client, { path: context.path, calls: [...Object.values(blockCalls), ...callsOf(first ?? [])] });
    const facts = firstResults.slice(0, 4).map((result, index) => valueOf<bigint>(result, ["block number", "block timestamp", "base fee", "signer balance"][index]!));
    block = { number: facts[0]!, timestamp: facts[1]!, baseFeePerGas: facts[2]! };
    signerBalance = facts[3]!;
    const limit = limiterOf(context);
    vaultResults = [firstResults.slice(4), ...(await Promise.all(rest.map((indexes) => limit(() => aggregate(client, { path: context.path, calls: callsOf(indexes), blockNumber: block.number })))))];
  } else {
    // Deployless: the aggregator has no address to ask for the block facts, so the block and the
    // balance are read with their own requests.
    const latest = await getBlock(client, { blockTag: "latest" });
    const limit = limiterOf(context);
    block = { number: latest.number, timestamp: latest.timestamp, baseFeePerGas: latest.baseFeePerGas ?? 0n };
    [signerBalance, ...vaultResults] = await Promise.all([
      getBalance(client, { address: signer, blockNumber: block.number }),
      ...chunks.map((indexes) => limit(() => aggregate(client, { path: context.path, calls: callsOf(indexes), blockNumber: block.number }))),
    ]) as [bigint, ...ReadResult[][]];
  }

  const flatByVault: ReadResult[][] = new Array(vaults.length);
  vaultResults.forEach((results, chunkIndex) => {
    let offset = 0;
    for (const index of chunks[chunkIndex]!) {
      flatByVault[index] = results.slice(offset, offset + groups[index]!.length);
      offset += groups[index]!.length;
    }
  });
  const snapshots = vaults.map((vault, index): VaultSnapshot => {
    if (statics[index]!.error) return { vault, ok: false, error: `not readable as a vault: ${statics[index]!.error}` };
    return snapshotOf(vault, Object.fromEntries(names.map((name, position) => [name, flatByVault[index]![position]!])) as TickResults);
  });
  return { block, signerBalance, snapshots, requests: context.path.kind === "multicall3" ? chunks.length : chunks.length + 2 };
}

