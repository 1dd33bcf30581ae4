import pLimit from "p-limit";
import { encodeFunctionData, formatUnits, parseEventLogs, type LocalAccount, type PublicClient, type TransactionReceipt } from "viem";
import { estimateContractGas, getTransactionCount, simulateContract } from "viem/actions";

import { decodeVaultError } from "@leveraged-vault/sdk";

import { isRpcUnreachable } from "./chain/errors.js";
import { detectReadPath } from "./chain/batchedRead.js";
import { planTickRead, readTick, readVaultStaticInfo, type ReadContext, type TickReadPlan, type VaultSnapshot, type VaultStaticInfo } from "./chain/readVaults.js";
import { leveragedVaultAbi, REBALANCE_ACTIONS } from "./chain/vaultAbi.js";
import type { KeeperConfig, VaultConfig } from "./config/types.js";
import { discoverVaults } from "./discovery/discoverVaults.js";
import { decideAction, isStandDownRevert, type Decision } from "./decision/decideAction.js";
import { isBalanceLow, priceWarnings } from "./decision/warnings.js";
import { describeError, type Logger } from "./log/logger.js";
import type { KeeperMetrics } from "./metrics/metrics.js";
import type { Broadcaster } from "./send/broadcast.js";
import { confirmTransaction, type SentTransaction } from "./send/confirmTransaction.js";
import { chooseFees, effectiveFeeCap, feesFromBaseFee, gweiToWei, type Fees } from "./send/feePolicy.js";

/** Everything a tick needs, built once by the driver (`once` or `watch`) and injected. */
export interface KeeperRuntime {
  config: KeeperConfig;
  /** The signer, with viem's nonce manager (consecutive nonces without a request per send). */
  account: LocalAccount;
  readClient: PublicClient;
  writeClient: PublicClient;
  broadcaster: Broadcaster;
  logger: Logger;
  metrics: KeeperMetrics;
  /** How reads reach the chain; detected once per process. */
  readContext?: ReadContext;
  /** The vaults watched: `config.vaults`, then those discovered from the registry (grows, never shrinks). */
  vaults: VaultConfig[];
  /** Static facts of `vaults`, index for index; read once per vault, when it is first watched. */
  statics: VaultStaticInfo[];
  /** The registry position the next discovery reads from (how many listings were seen). */
  registryIndex: number;
  /** The tick read's calls and chunks, planned again only when a vault is added. */
  tickPlan?: TickReadPlan;
}
export type VaultOutcome =
  | { vault: string; outcome: "skipped"; reason: string }
  | { vault: string; outcome: "acted"; action: string; hash: string }
  | { vault: string; outcome: "dry-run"; action: string }
  | { vault: string; outcome: "stood-down"; reason: string }
  | { vault: string; outcome: "failed"; reason: string };

export interface TickResult {
  blockNumber: bigint;
  outcomes: VaultOutcome[];
  /** How many vaults the tick read. */
  vaults: number;
  /** JSON-RPC requests of the registry discovery (0 without a registry). */
  discoveryRequests: number;
}

/** Thrown when an RPC could not be reached; the tick stopped before anything half-done. */
export class RpcUnreachableError extends Error {
  override name = "RpcUnreachableError";
}

const WAD = 10n ** 18n;
/** `rebalance()` takes no arguments: its calldata is the same for every vault and every tick. */
const REBALANCE_CALLDATA = encodeFunctionData({ abi: leveragedVaultAbi, functionName: "rebalance" });
const toLeverage = (wad: bigint) => (wad >= 2n ** 255n ? Number.POSITIVE_INFINITY : Number((wad * 1_000_000n) / WAD) / 1_000_000);

/** Oracle price (1e36 raw scale, raw units) as "debt tokens per collateral token", through viem's `formatUnits`. */
export function humanPrice(price: bigint, collateralDecimals: number, debtDecimals: number): number {
  return Number(formatUnits(price, 36 + debtDecimals - collateralDecimals));
}

/**
 * One pass: read every watched vault at one block in one multicall, decide from each vault's own
 * `rebalanceStatus()`, then for each vault that needs it simulate, send, confirm and log.
 * Throws {@link RpcUnreachableError} when an RPC is down; other per-vault problems become outcomes.
 */
export async function runTick(runtime: KeeperRuntime): Promise<TickResult> {
  try {
    return await tickUnguarded(runtime);
  } catch (error) {
    if (isRpcUnreachable(error)) throw new RpcUnreachableError(describeError(error), { cause: error });
    throw error;
  }
}

type DueVault = { snapshot: Extract<VaultSnapshot, { ok: true }>; decision: Extract<Decision, { kind: "act" }> };

async function tickUnguarded(runtime: KeeperRuntime): Promise<TickResult> {
  const { config, account, readClient, logger, metrics } = runtime;
  runtime.readContext ??= await detectReadContext(runtime);
  const discoveryRequests = await discover(runtime);
  if (runtime.statics.length < runtime.vaults.length) {
    let requests = 0;
    const fresh = runtime.vaults.slice(runtime.statics.length);
    runtime.statics.push(...(await readVaultStaticInfo(readClient, fresh, runtime.readContext, (count) => (requests += count))));
    logger.info("read.static", { vaults: fresh.length, requests });
  }
  const readParameters = { vaults: runtime.vaults, statics: runtime.statics, signer: account.address };
  if (runtime.tickPlan?.vaults !== runtime.vaults.length) runtime.tickPlan = planTickRead(runtime.readContext, readParameters);
  const { block, signerBalance, snapshots, requests } = await readTick(readClient, runtime.readContext, readParameters, runtime.tickPlan);
  logger.info("tick.read", { block: block.number, vaults: snapshots.length, requests, discoveryRequests });

  metrics.signerBalance(signerBalance);
  if (isBalanceLow(signerBalance, config.lowBalanceWei)) logger.warn("signer.low_balance", { signer: account.address, balanceWei: signerBalance, lowBalanceWei: config.lowBalanceWei });

  const outcomes: VaultOutcome[] = [];
  const due: DueVault[] = [];
  snapshots.forEach((snapshot, index) => {
    const name = snapshot.vault.name;
    if (!snapshot.ok) {
      metrics.failure(name, "read");
      logger.error("vault.read_failed", { vault: name, address: snapshot.vault.address, error: snapshot.error });
      outcomes.push({ vault: name, outcome: "failed", reason: `read failed: ${snapshot.error}` });
      return;
    }
    const info = runtime.statics![index]!;
    const { status, position } = snapshot;
    metrics.vaultState(name, toLeverage(status.leverage), humanPrice(position.price, info.collateralDecimals, info.debtDecimals), status.action);
    for (const warning of priceWarnings({ priceHealthy: position.priceHealthy, oldestFeedUpdatedAt: snapshot.oldestFeedUpdatedAt, blockTimestamp: block.timestamp, stalePriceSeconds: config.stalePriceSeconds }))
      logger.warn(`vault.${warning.kind.replace("-", "_")}`, { vault: name, ...("ageSeconds" in warning ? { ageSeconds: warning.ageSeconds, stalePriceSeconds: config.stalePriceSeconds } : {}) });

    const decision = decideAction({ status, canRebalance: snapshot.canRebalance, isKeeper: snapshot.isKeeper, blockTimestamp: block.timestamp });
    const fields = {
      vault: name,
      block: block.number,
      action: REBALANCE_ACTIONS[status.action] ?? String(status.action),
      leverage: status.leverage,
      minLeverage: status.minLeverage,
      maxLeverage: status.maxLeverage,
      emergencyLeverage: status.emergencyLeverage,
      readyAt: status.readyAt,
      permissionlessAt: status.permissionlessAt,
    };
    if (decision.kind === "skip") {
      (decision.reason === "in-band" ? logger.debug : logger.info)("vault.skipped", { ...fields, reason: decision.reason, ...(decision.until !== undefined ? { until: decision.until } : {}) });
      outcomes.push({ vault: name, outcome: "skipped", reason: decision.reason });
    } else {
      logger.info("vault.action_due", { ...fields, via: decision.via });
      due.push({ snapshot, decision });
    }
  });

  // Emergencies first: they protect the vault from liquidation, so they get the lowest nonces.
  due.sort((a, b) => Number(b.decision.emergency) - Number(a.decision.emergency));
  if (due.length > 0) outcomes.push(...(await executeRebalances(runtime, due, block.baseFeePerGas)));
  return { blockNumber: block.number, outcomes, vaults: runtime.vaults.length, discoveryRequests };
}

/**
 * Reads the registry's listings added since the last tick (one request when there are none) and
 * starts watching those the config's filters let through. Returns the requests it made.
 */
export async function discover(runtime: KeeperRuntime): Promise<number> {
  const { config, readClient, logger, metrics } = runtime;
  if (!config.registry) return 0;
  const found = await discoverVaults(readClient, config.registry, runtime.registryIndex, runtime.vaults, logger);
  runtime.registryIndex = found.total;
  runtime.vaults.push(...found.added);
  metrics.vaultsWatched(runtime.vaults.length);
  if (found.added.length > 0) logger.info("registry.vaults_added", { registry: config.registry.address, added: found.added.length, listed: found.total, watched: runtime.vaults.length, requests: found.requests });
  return found.requests;
}

async function detectReadContext(runtime: KeeperRuntime): Promise<ReadContext> {
  const path = await detectReadPath(runtime.readClient);
  runtime.logger.info("read.path", { path: path.kind, ...(path.kind === "multicall3" ? { address: path.address } : {}), ...runtime.config.reads });
  return { path, limits: { ...runtime.config.reads, maxConcurrentRequests: runtime.config.rpc.maxConcurrentRequests } };
}

/** The outcome of a failed step: a race lost to another keeper stands down; anything else fails. An unreachable RPC stops the tick. */
function standDownOrFail(runtime: KeeperRuntime, name: string, error: unknown, stage: string): VaultOutcome {
  const { logger, metrics } = runtime;
  if (isRpcUnreachable(error)) throw error;
  const revert = decodeVaultError(error);
  if (isStandDownRevert(revert?.errorName)) {
    logger.info("vault.stood_down", { vault: name, stage, reason: revert!.errorName, args: revert!.args, note: "the vault no longer needs this rebalance (another keeper acted or the state moved)" });
    return { vault: name, outcome: "stood-down", reason: revert!.errorName };
  }
  metrics.failure(name, stage);
  logger.error(`vault.${stage}_failed`, { vault: name, error: revert ? revert.errorName : describeError(error), ...(revert ? { args: revert.args } : {}) });
  return { vault: name, outcome: "failed", reason: revert?.errorName ?? describeError(error) };
}

type Sendable = DueVault & { gas: bigint; fees: Fees; cap: Fees };

/**
 * Rebalances every due vault in one pass. Per vault: one gas estimate (the simulation), one send, and
 * the receipt; shared by all: the priority fee, the signer's nonces. Sends go out back to back with
 * consecutive nonces (emergencies first), then all are confirmed together. One vault failing never
 * stops the others; only an unreachable RPC stops the pass.
 */
async function executeRebalances(runtime: KeeperRuntime, due: DueVault[], baseFee: bigint): Promise<VaultOutcome[]> {
  const { config, account, readClient, writeClient, logger, metrics } = runtime;
  const outcomes: VaultOutcome[] = [];

  // Simulate first, all at once: the gas estimate runs `rebalance()` against the latest state, so the
  // vault re-checks eligibility and a revert costs nothing. From the signer's address, not the local
  // account: viem would otherwise prepare a whole transaction (fees, a nonce from the nonce manager). At "latest": without a block some nodes
  // (Hardhat) estimate against "pending", which would make every keeper but the first stand down on
  // a competitor's transaction that may never land.
  const limit = pLimit(config.rpc.maxConcurrentRequests);
  const simulated = await Promise.all(
    due.map(async (item) => limit(async () => {
      try {
        const gas = await estimateContractGas(readClient, { address: item.snapshot.vault.address, abi: leveragedVaultAbi, functionName: "rebalance", account: account.address, blockTag: "latest" });
        logger.debug("vault.simulated", { vault: item.snapshot.vault.name, gas });
        return { ...item, gas: (gas * 125n) / 100n };
      } catch (error) {
        return standDownOrFail(runtime, item.snapshot.vault.name, error, "simulation");
      }
    })),
  );
  const passed = simulated.filter((item): item is DueVault & { gas: bigint } => "gas" in item);
  outcomes.push(...simulated.filter((item): item is VaultOutcome => !("gas" in item)));
  if (passed.length === 0) return outcomes;

  const routineCap = { maxFeePerGas: gweiToWei(config.fees.maxFeePerGasGwei), maxPriorityFeePerGas: gweiToWei(config.fees.maxPriorityFeePerGasGwei) };
  const capFor = (item: DueVault) =>
    effectiveFeeCap({
      cap: routineCap,
      emergencyFeeMultiplier: config.fees.emergencyFeeMultiplier,
      leverage: item.snapshot.status.leverage,
      maxLeverage: item.snapshot.status.maxLeverage,
      emergencyLeverage: item.snapshot.status.emergencyLeverage,
      emergency: item.decision.emergency,
    });
  const [priorityFee, minedNonce, pendingNonce] = await Promise.all([
    writeClient.request({ method: "eth_maxPriorityFeePerGas" }).then(BigInt),
    getTransactionCount(writeClient, { address: account.address, blockTag: "latest" }),
    getTransactionCount(writeClient, { address: account.address, blockTag: "pending" }),
  ]);
  const estimate = feesFromBaseFee(baseFee, priorityFee);

  const sendable: Sendable[] = [];
  for (const item of passed) {
    const name = item.snapshot.vault.name;
    const cap = capFor(item);
    const choice = chooseFees(estimate, baseFee, cap);
    if (!choice.ok) {
      metrics.failure(name, "fee_cap");
      logger.warn("vault.fee_above_cap", { vault: name, baseFee: choice.baseFee, capMaxFeePerGas: choice.cap, note: "waiting for cheaper gas" });
      outcomes.push({ vault: name, outcome: "skipped", reason: "fee-above-cap" });
    } else sendable.push({ ...item, fees: choice.fees, cap });
  }
  // A transaction of this signer still in the mempool (a previous run's): do not queue behind it.
  if (pendingNonce > minedNonce) {
    for (const item of sendable) {
      logger.warn("vault.stood_down", { vault: item.snapshot.vault.name, reason: "signer-has-pending-transaction", minedNonce, pendingNonce });
      outcomes.push({ vault: item.snapshot.vault.name, outcome: "stood-down", reason: "signer-has-pending-transaction" });
    }
    return outcomes;
  }
  if (sendable.length === 0) return outcomes;

  // Nonces: reserved together from viem's nonce manager (one pending-count read), used in order. A
  // send that fails leaves no gap: the next vault takes its nonce, and the manager is reset after.
  const nonceManager = account.nonceManager;
  const reserved = runtime.broadcaster.dryRun || !nonceManager
    ? sendable.map((_, index) => pendingNonce + index)
    : await Promise.all(sendable.map(() => nonceManager.consume({ address: account.address, chainId: config.chainId, client: writeClient })));
  let nextNonce = Math.min(...reserved);
  let gapLeft = false;
  const sent: { item: Sendable; transaction: SentTransaction }[] = [];
  try {
    for (const item of sendable) {
      const name = item.snapshot.vault.name;
      const actionName = REBALANCE_ACTIONS[item.decision.action]!;
      const request = { to: item.snapshot.vault.address, data: REBALANCE_CALLDATA, gas: item.gas };
      const nonce = nextNonce;
      try {
        const serialized = await account.signTransaction({ type: "eip1559", chainId: config.chainId, nonce, ...request, ...item.fees });
        const hash = await runtime.broadcaster.broadcast(serialized, { vault: name, action: actionName, attempt: 0, nonce, gas: item.gas, ...item.fees });
        if (!hash) {
          outcomes.push({ vault: name, outcome: "dry-run", action: actionName });
          continue;
        }
        nextNonce += 1;
        sent.push({ item, transaction: { hash, nonce, fees: item.fees, request } });
      } catch (error) {
        gapLeft = true;
        outcomes.push(standDownOrFail(runtime, name, error, "transaction"));
      }
    }
  } finally {
    if ((gapLeft || nextNonce !== Math.min(...reserved) + reserved.length) && nonceManager) nonceManager.reset({ address: account.address, chainId: config.chainId });
  }

  const currentFees = (cap: Fees) => async () => {
    const [latest, tip] = await Promise.all([
      writeClient.getBlock({ blockTag: "latest" }),
      writeClient.request({ method: "eth_maxPriorityFeePerGas" }).then(BigInt),
    ]);
    return { estimate: feesFromBaseFee(latest.baseFeePerGas ?? 0n, tip), cap };
  };
  const confirmed = await Promise.all(
    sent.map(async ({ item, transaction }): Promise<VaultOutcome> => limit(async () => {
      const name = item.snapshot.vault.name;
      let result;
      try {
        result = await confirmTransaction({
          account,
          writeClient,
          broadcaster: runtime.broadcaster,
          chainId: config.chainId,
          sent: transaction,
          replacement: config.replacement,
          currentFees: currentFees(item.cap),
          pollIntervalMs: Math.min(config.pollIntervalMs, 500),
          logger,
          logFields: { vault: name, action: REBALANCE_ACTIONS[item.decision.action] },
        });
      } catch (error) {
        return standDownOrFail(runtime, name, error, "transaction");
      }
      if (result.status !== "confirmed") {
        metrics.failure(name, "transaction");
        logger.error("vault.transaction_failed", { vault: name, reason: result.status, hashes: result.hashes });
        return { vault: name, outcome: "failed", reason: result.status };
      }
      return await confirmRebalance(runtime, item.snapshot, result.receipt, result.replacements);
    })),
  );
  return [...outcomes, ...confirmed];
}

async function confirmRebalance(runtime: KeeperRuntime, snapshot: Extract<VaultSnapshot, { ok: true }>, receipt: TransactionReceipt, replacements: number): Promise<VaultOutcome> {
  const { account, readClient, logger, metrics } = runtime;
  const name = snapshot.vault.name;
  if (receipt.status !== "success") {
    // Mined but reverted: ask the vault why, now. A race lost to another keeper is not a failure.
    try {
      await simulateContract(readClient, { address: snapshot.vault.address, abi: leveragedVaultAbi, functionName: "rebalance", account: account.address });
    } catch (error) {
      const revert = decodeVaultError(error);
      if (isStandDownRevert(revert?.errorName)) {
        logger.info("vault.stood_down", { vault: name, stage: "receipt", hash: receipt.transactionHash, reason: revert!.errorName, note: "our transaction reverted: another keeper rebalanced first" });
        return { vault: name, outcome: "stood-down", reason: revert!.errorName };
      }
    }
    metrics.failure(name, "transaction");
    logger.error("vault.transaction_failed", { vault: name, hash: receipt.transactionHash, reason: "reverted", gasUsed: receipt.gasUsed });
    return { vault: name, outcome: "failed", reason: "reverted" };
  }
  const [event] = parseEventLogs({ abi: leveragedVaultAbi, eventName: "Rebalanced", logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === snapshot.vault.address.toLowerCase(),
  );
  const action = event ? (REBALANCE_ACTIONS[event.args.action] ?? String(event.args.action)) : "unknown";
  metrics.action(name, action);
  logger.info("vault.rebalanced", {
    vault: name,
    hash: receipt.transactionHash,
    block: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    effectiveGasPrice: receipt.effectiveGasPrice,
    replacements,
    ...(event
      ? {
          action,
          leverageBefore: event.args.leverageBefore,
          leverageAfter: event.args.leverageAfter,
          amountIn: event.args.amountIn,
          amountOut: event.args.amountOut,
          oracleImpliedAmountIn: event.args.oracleImpliedAmountIn,
          reward: event.args.reward,
        }
      : { note: "no Rebalanced event in the receipt" }),
  });
  return { vault: name, outcome: "acted", action, hash: receipt.transactionHash };
}
