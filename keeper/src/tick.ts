import { encodeFunctionData, parseEventLogs, type LocalAccount, type PublicClient, type TransactionReceipt } from "viem";
import { estimateContractGas, estimateFeesPerGas, getBalance, getBlock, getTransactionCount, simulateContract } from "viem/actions";

import { decodeVaultError } from "@leveraged-vault/sdk";

import { isRpcUnreachable } from "./chain/errors.js";
import { readVaultStaticInfo, readVaults, type VaultSnapshot, type VaultStaticInfo } from "./chain/readVaults.js";
import { leveragedVaultAbi, REBALANCE_ACTIONS } from "./chain/vaultAbi.js";
import type { KeeperConfig } from "./config/types.js";
import { decideAction, isStandDownRevert, type Decision } from "./decision/decideAction.js";
import { isBalanceLow, priceWarnings } from "./decision/warnings.js";
import { describeError, type Logger } from "./log/logger.js";
import type { KeeperMetrics } from "./metrics/metrics.js";
import type { Broadcaster } from "./send/broadcast.js";
import { chooseFees, effectiveFeeCap, gweiToWei, type Fees } from "./send/feePolicy.js";
import type { NonceTracker } from "./send/nonceTracker.js";
import { sendWithReplacement } from "./send/sendWithReplacement.js";

/** Everything a tick needs, built once by the driver (`once` or `watch`) and injected. */
export interface KeeperRuntime {
  config: KeeperConfig;
  account: LocalAccount;
  readClient: PublicClient;
  writeClient: PublicClient;
  broadcaster: Broadcaster;
  nonces: NonceTracker;
  logger: Logger;
  metrics: KeeperMetrics;
  /** Filled on the first tick. */
  statics?: VaultStaticInfo[];
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
}

/** Thrown when an RPC could not be reached; the tick stopped before anything half-done. */
export class RpcUnreachableError extends Error {
  override name = "RpcUnreachableError";
}

const WAD = 10n ** 18n;
const toLeverage = (wad: bigint) => (wad >= 2n ** 255n ? Number.POSITIVE_INFINITY : Number((wad * 1_000_000n) / WAD) / 1_000_000);

/** Oracle price (1e36 raw scale) as "debt tokens per collateral token". */
export function humanPrice(price: bigint, collateralDecimals: number, debtDecimals: number): number {
  const shift = collateralDecimals - debtDecimals;
  const scaled = shift >= 0 ? price * 10n ** BigInt(shift) : price / 10n ** BigInt(-shift);
  return Number(scaled / 10n ** 24n) / 1e12;
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

async function tickUnguarded(runtime: KeeperRuntime): Promise<TickResult> {
  const { config, account, readClient, logger, metrics } = runtime;
  runtime.statics ??= await readVaultStaticInfo(readClient, config.vaults);
  const block = await getBlock(readClient, { blockTag: "latest" });
  const snapshots = await readVaults(readClient, { vaults: config.vaults, statics: runtime.statics, signer: account.address, blockNumber: block.number });

  const balance = await getBalance(readClient, { address: account.address, blockNumber: block.number });
  metrics.signerBalance(balance);
  if (isBalanceLow(balance, config.lowBalanceWei)) logger.warn("signer.low_balance", { signer: account.address, balanceWei: balance, lowBalanceWei: config.lowBalanceWei });

  const outcomes: VaultOutcome[] = [];
  const due: { snapshot: Extract<VaultSnapshot, { ok: true }>; decision: Extract<Decision, { kind: "act" }> }[] = [];
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

    const decision = decideAction({ status, isKeeper: snapshot.isKeeper, blockTimestamp: block.timestamp });
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

  // Emergencies first: they protect the vault from liquidation.
  due.sort((a, b) => Number(b.decision.emergency) - Number(a.decision.emergency));
  for (const item of due) outcomes.push(await executeRebalance(runtime, item.snapshot, item.decision));
  return { blockNumber: block.number, outcomes };
}

async function executeRebalance(
  runtime: KeeperRuntime,
  snapshot: Extract<VaultSnapshot, { ok: true }>,
  decision: Extract<Decision, { kind: "act" }>,
): Promise<VaultOutcome> {
  const { config, account, readClient, writeClient, logger, metrics, nonces } = runtime;
  const name = snapshot.vault.name;
  const address = snapshot.vault.address;
  const actionName = REBALANCE_ACTIONS[decision.action];
  const standDownOrFail = (error: unknown, stage: string): VaultOutcome => {
    if (isRpcUnreachable(error)) throw error;
    const revert = decodeVaultError(error);
    if (isStandDownRevert(revert?.errorName)) {
      logger.info("vault.stood_down", { vault: name, stage, reason: revert!.errorName, args: revert!.args, note: "the vault no longer needs this rebalance (another keeper acted or the state moved)" });
      return { vault: name, outcome: "stood-down", reason: revert!.errorName };
    }
    metrics.failure(name, stage);
    logger.error(`vault.${stage}_failed`, { vault: name, error: revert ? revert.errorName : describeError(error), ...(revert ? { args: revert.args } : {}) });
    return { vault: name, outcome: "failed", reason: revert?.errorName ?? describeError(error) };
  };

  // Simulate first: the gas estimate runs `rebalance()` against the latest state, so the vault
  // re-checks eligibility and a revert costs nothing. At "latest": without a block some nodes
  // (Hardhat) estimate against "pending", which would make every keeper but the first stand down on
  // a competitor's transaction that may never land.
  let gas: bigint;
  try {
    gas = await estimateContractGas(readClient, { address, abi: leveragedVaultAbi, functionName: "rebalance", account, blockTag: "latest" });
    logger.debug("vault.simulated", { vault: name, gas });
  } catch (error) {
    return standDownOrFail(error, "simulation");
  }
  gas = (gas * 125n) / 100n;

  const cap = effectiveFeeCap({
    cap: { maxFeePerGas: gweiToWei(config.fees.maxFeePerGasGwei), maxPriorityFeePerGas: gweiToWei(config.fees.maxPriorityFeePerGasGwei) },
    emergencyFeeMultiplier: config.fees.emergencyFeeMultiplier,
    leverage: snapshot.status.leverage,
    maxLeverage: snapshot.status.maxLeverage,
    emergencyLeverage: snapshot.status.emergencyLeverage,
    emergency: decision.emergency,
  });
  const currentFees = async (): Promise<{ estimate: Fees; cap: Fees; baseFee: bigint }> => {
    const latest = await getBlock(writeClient, { blockTag: "latest" });
    const estimate = await estimateFeesPerGas(writeClient);
    return { estimate: { maxFeePerGas: estimate.maxFeePerGas, maxPriorityFeePerGas: estimate.maxPriorityFeePerGas }, cap, baseFee: latest.baseFeePerGas ?? 0n };
  };
  const { estimate, baseFee } = await currentFees();
  const choice = chooseFees(estimate, baseFee, cap);
  if (!choice.ok) {
    metrics.failure(name, "fee_cap");
    logger.warn("vault.fee_above_cap", { vault: name, baseFee: choice.baseFee, capMaxFeePerGas: choice.cap, note: "waiting for cheaper gas" });
    return { vault: name, outcome: "skipped", reason: "fee-above-cap" };
  }

  // A transaction of this signer still in the mempool (a previous run's): do not queue behind it.
  const [minedNonce, pendingNonce] = await Promise.all([
    getTransactionCount(writeClient, { address: account.address, blockTag: "latest" }),
    getTransactionCount(writeClient, { address: account.address, blockTag: "pending" }),
  ]);
  if (pendingNonce > minedNonce) {
    logger.warn("vault.stood_down", { vault: name, reason: "signer-has-pending-transaction", minedNonce, pendingNonce });
    return { vault: name, outcome: "stood-down", reason: "signer-has-pending-transaction" };
  }

  const nonce = await nonces.next();
  const logFields = { vault: name, action: actionName };
  let result;
  try {
    result = await sendWithReplacement({
      account,
      writeClient,
      broadcaster: runtime.broadcaster,
      chainId: config.chainId,
      request: { to: address, data: encodeFunctionData({ abi: leveragedVaultAbi, functionName: "rebalance" }), gas },
      nonce,
      fees: choice.fees,
      replacement: config.replacement,
      currentFees,
      pollIntervalMs: Math.min(config.pollIntervalMs, 500),
      logger,
      logFields,
      onBroadcast: (used) => nonces.markBroadcast(used),
    });
  } catch (error) {
    nonces.reset();
    return standDownOrFail(error, "transaction");
  }

  if (result.status === "dry-run") return { vault: name, outcome: "dry-run", action: actionName! };
  if (result.status !== "confirmed") {
    nonces.reset();
    metrics.failure(name, "transaction");
    logger.error("vault.transaction_failed", { vault: name, reason: result.status, hashes: result.hashes });
    return { vault: name, outcome: "failed", reason: result.status };
  }
  return confirmRebalance(runtime, snapshot, result.receipt, result.replacements);
}

async function confirmRebalance(runtime: KeeperRuntime, snapshot: Extract<VaultSnapshot, { ok: true }>, receipt: TransactionReceipt, replacements: number): Promise<VaultOutcome> {
  const { account, readClient, logger, metrics } = runtime;
  const name = snapshot.vault.name;
  if (receipt.status !== "success") {
    // Mined but reverted: ask the vault why, now. A race lost to another keeper is not a failure.
    try {
      await simulateContract(readClient, { address: snapshot.vault.address, abi: leveragedVaultAbi, functionName: "rebalance", account });
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
