import { TransactionReceiptNotFoundError, type Address, type Client, type Hash, type Hex, type LocalAccount, type TransactionReceipt } from "viem";
import { getBlockNumber, getTransactionCount, getTransactionReceipt } from "viem/actions";

import type { ReplacementConfig } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import type { Broadcaster } from "./broadcast.js";
import { replacementFees, type Fees } from "./feePolicy.js";

export interface SendWithReplacementParameters {
  account: LocalAccount;
  /** Client on the pinned write RPC (receipts and nonces are read where the transaction was sent). */
  writeClient: Client;
  broadcaster: Broadcaster;
  chainId: number;
  request: { to: Address; data: Hex; gas: bigint };
  nonce: number;
  fees: Fees;
  replacement: ReplacementConfig;
  /** Current network estimate and cap, asked again before each replacement (the cap may have risen). */
  currentFees: () => Promise<{ estimate: Fees; cap: Fees }>;
  pollIntervalMs: number;
  logger: Logger;
  logFields: Record<string, unknown>;
  /** Called right after each broadcast (the nonce is then used). */
  onBroadcast?: (nonce: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export type SendResult =
  | { status: "confirmed"; hash: Hash; receipt: TransactionReceipt; replacements: number }
  | { status: "dry-run" }
  /** The nonce was used by a transaction this keeper did not send (or whose hash it lost). */
  | { status: "nonce-used-elsewhere"; hashes: Hash[] }
  /** Still not mined after every replacement: the last one may still land. */
  | { status: "unconfirmed"; hashes: Hash[] };

/**
 * Signs and broadcasts a transaction, waits for its receipt, and replaces it (same nonce, fees
 * bumped by `bumpPercent`, never above the cap) when it is not mined within `afterBlocks` blocks or
 * `afterSeconds` seconds, at most `maxReplacements` times. Any of the hashes sent may be the one
 * mined; the receipt of whichever lands is returned.
 */
export async function sendWithReplacement(parameters: SendWithReplacementParameters): Promise<SendResult> {
  const { account, writeClient, broadcaster, chainId, request, nonce, replacement, logger, logFields } = parameters;
  const sleep = parameters.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = parameters.now ?? Date.now;
  const hashes: Hash[] = [];
  let fees = parameters.fees;

  const signAndSend = async (attempt: number) => {
    const serialized = await account.signTransaction({ type: "eip1559", chainId, nonce, to: request.to, data: request.data, gas: request.gas, ...fees });
    const hash = await broadcaster.broadcast(serialized, {
      ...logFields,
      attempt,
      nonce,
      gas: request.gas,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    });
    if (hash) {
      hashes.push(hash);
      parameters.onBroadcast?.(nonce);
    }
    return hash;
  };

  if (!(await signAndSend(0))) return { status: "dry-run" };
  let replacements = 0;
  let sentAtMs = now();
  let sentAtBlock = await getBlockNumber(writeClient, { cacheTime: 0 });

  for (;;) {
    for (const hash of hashes) {
      try {
        const receipt = await getTransactionReceipt(writeClient, { hash });
        return { status: "confirmed", hash, receipt, replacements };
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    const minedNonce = await getTransactionCount(writeClient, { address: account.address, blockTag: "latest" });
    if (minedNonce > nonce) {
      // Mined between our receipt checks? Look once more before concluding someone else used it.
      for (const hash of hashes) {
        const receipt = await getTransactionReceipt(writeClient, { hash }).catch(() => undefined);
        if (receipt) return { status: "confirmed", hash, receipt, replacements };
      }
      return { status: "nonce-used-elsewhere", hashes };
    }

    const blockNumber = await getBlockNumber(writeClient, { cacheTime: 0 });
    const due =
      replacement.afterBlocks !== undefined
        ? blockNumber - sentAtBlock >= BigInt(replacement.afterBlocks)
        : now() - sentAtMs >= (replacement.afterSeconds ?? 0) * 1000;
    if (due) {
      if (replacements >= replacement.maxReplacements) {
        logger.error("tx.unconfirmed", { ...logFields, nonce, hashes, replacements, note: "no receipt after the last replacement; giving up waiting" });
        return { status: "unconfirmed", hashes };
      }
      const { estimate, cap } = await parameters.currentFees();
      const bumped = replacementFees(fees, replacement.bumpPercent, estimate, cap);
      if (!bumped) {
        logger.warn("tx.replacement_capped", { ...logFields, nonce, maxFeePerGas: fees.maxFeePerGas, capMaxFeePerGas: cap.maxFeePerGas });
        replacements = replacement.maxReplacements;
      } else {
        const previous = fees;
        fees = bumped;
        replacements += 1;
        try {
          const hash = await signAndSend(replacements);
          logger.info("tx.replaced", {
            ...logFields,
            nonce,
            hash,
            replaces: hashes[hashes.length - 2],
            replacement: replacements,
            previousMaxFeePerGas: previous.maxFeePerGas,
            maxFeePerGas: fees.maxFeePerGas,
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
          });
        } catch (error) {
          // "already known", "replacement underpriced", or the original got mined meanwhile: keep waiting.
          logger.warn("tx.replacement_rejected", { ...logFields, nonce, error: (error as { shortMessage?: string }).shortMessage ?? String(error) });
        }
      }
      sentAtMs = now();
      sentAtBlock = blockNumber;
    }
    await sleep(parameters.pollIntervalMs);
  }
}
