import { WaitForTransactionReceiptTimeoutError, type Address, type Client, type Hash, type Hex, type LocalAccount, type TransactionReceipt } from "viem";
import { waitForTransactionReceipt, watchBlockNumber } from "viem/actions";

import type { ReplacementConfig } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import type { Broadcaster } from "./broadcast.js";
import { replacementFees, type Fees } from "./feePolicy.js";

/** A transaction already broadcast, to be confirmed (and replaced while it is stuck). */
export interface SentTransaction {
  hash: Hash;
  nonce: number;
  fees: Fees;
  request: { to: Address; data: Hex; gas: bigint };
}

export interface ConfirmTransactionParameters {
  account: LocalAccount;
  /** Client on the pinned write RPC (receipts are read where the transaction was sent). */
  writeClient: Client;
  broadcaster: Broadcaster;
  chainId: number;
  sent: SentTransaction;
  replacement: ReplacementConfig;
  /** Current network estimate and cap, asked before each replacement (the cap may have risen). */
  currentFees: () => Promise<{ estimate: Fees; cap: Fees }>;
  pollIntervalMs: number;
  logger: Logger;
  logFields: Record<string, unknown>;
}

export type ConfirmResult =
  | { status: "confirmed"; hash: Hash; receipt: TransactionReceipt; replacements: number }
  /** Still not mined after every replacement: the last one may still land. */
  | { status: "unconfirmed"; hashes: Hash[] };

/**
 * Waits for the receipt of a sent transaction with viem's `waitForTransactionReceipt` (which also
 * reports, through `onReplaced`, when another transaction of the same nonce landed instead, such as
 * one of our own replacements). When no receipt comes within `afterSeconds` (or `afterBlocks` new
 * blocks), it re-signs the same nonce with fees bumped by `bumpPercent` (never above the cap in force)
 * and waits for that one, at most `maxReplacements` times.
 */
export async function confirmTransaction(parameters: ConfirmTransactionParameters): Promise<ConfirmResult> {
  const { account, writeClient, broadcaster, chainId, sent, replacement, logger, logFields, pollIntervalMs } = parameters;
  const hashes: Hash[] = [sent.hash];
  let fees = sent.fees;
  let replacements = 0;
  let capped = false;

  for (;;) {
    const hash = hashes[hashes.length - 1]!;
    const receipt = await receiptOrDeadline(writeClient, hash, replacement, pollIntervalMs, (details) =>
      logger.info("tx.replaced_on_chain", { ...logFields, reason: details.reason, hash: details.transaction.hash, replaces: details.replacedTransaction.hash }),
    );
    if (receipt) return { status: "confirmed", hash: receipt.transactionHash, receipt, replacements };

    if (replacements >= replacement.maxReplacements || capped) {
      logger.error("tx.unconfirmed", { ...logFields, nonce: sent.nonce, hashes, replacements, note: "no receipt after the last replacement; giving up waiting" });
      return { status: "unconfirmed", hashes };
    }
    const { estimate, cap } = await parameters.currentFees();
    const bumped = replacementFees(fees, replacement.bumpPercent, estimate, cap);
    if (!bumped) {
      logger.warn("tx.replacement_capped", { ...logFields, nonce: sent.nonce, maxFeePerGas: fees.maxFeePerGas, capMaxFeePerGas: cap.maxFeePerGas });
      capped = true; // wait once more for what is in the mempool, then give up
      continue;
    }
    const previous = fees;
    fees = bumped;
    replacements += 1;
    try {
      const serialized = await account.signTransaction({ type: "eip1559", chainId, nonce: sent.nonce, ...sent.request, ...fees });
      const replacementHash = await broadcaster.broadcast(serialized, { ...logFields, attempt: replacements, nonce: sent.nonce, gas: sent.request.gas, ...fees });
      if (replacementHash) {
        hashes.push(replacementHash);
        logger.info("tx.replaced", {
          ...logFields,
          nonce: sent.nonce,
          hash: replacementHash,
          replaces: hash,
          replacement: replacements,
          previousMaxFeePerGas: previous.maxFeePerGas,
          maxFeePerGas: fees.maxFeePerGas,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
        });
      }
    } catch (error) {
      // "already known", "replacement underpriced", or the original got mined meanwhile: keep waiting.
      logger.warn("tx.replacement_rejected", { ...logFields, nonce: sent.nonce, error: (error as { shortMessage?: string }).shortMessage ?? String(error) });
    }
  }
}

type OnReplaced = NonNullable<Parameters<typeof waitForTransactionReceipt>[1]["onReplaced"]>;

/**
 * The receipt of `hash` (or of the transaction that replaced it), or undefined once the replacement
 * deadline passed first: `afterSeconds` is the wait's own timeout; `afterBlocks` races the wait
 * against a count of new blocks. A wait left behind keeps watching until its nonce is mined (it then
 * reports the replacement) or its timeout.
 */
async function receiptOrDeadline(client: Client, hash: Hash, replacement: ReplacementConfig, pollIntervalMs: number, onReplaced: OnReplaced): Promise<TransactionReceipt | undefined> {
  const waitMs = replacement.afterSeconds !== undefined ? replacement.afterSeconds * 1000 : Math.max(60_000, (replacement.afterBlocks ?? 1) * 30_000);
  const receipt = waitForTransactionReceipt(client, { hash, onReplaced, timeout: waitMs, pollingInterval: pollIntervalMs }).catch((error: unknown) => {
    if (error instanceof WaitForTransactionReceiptTimeoutError) return undefined;
    throw error;
  });
  if (replacement.afterBlocks === undefined) return await receipt;

  let unwatch: () => void = () => {};
  const blocksPassed = new Promise<undefined>((resolve) => {
    let first: bigint | undefined;
    unwatch = watchBlockNumber(client, {
      poll: true,
      pollingInterval: pollIntervalMs,
      emitOnBegin: true,
      onBlockNumber: (blockNumber) => {
        first ??= blockNumber;
        if (blockNumber - first >= BigInt(replacement.afterBlocks!)) resolve(undefined);
      },
    });
  });
  try {
    return await Promise.race([receipt, blocksPassed]);
  } finally {
    unwatch();
  }
}
