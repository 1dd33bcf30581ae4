import type { Client, Hash, Hex } from "viem";
import { sendRawTransaction } from "viem/actions";

import type { Logger } from "../log/logger.js";

/** The single place a transaction leaves the keeper. */
export interface Broadcaster {
  /** Sends a signed transaction to the send client (see `sendClient`); in dry-run mode logs it and returns undefined. */
  broadcast(serializedTransaction: Hex, details: Record<string, unknown>): Promise<Hash | undefined>;
  readonly dryRun: boolean;
}

export interface CreateBroadcasterParameters {
  /**
   * Where signed transactions go: a client on `rpc.private` when set, else on `rpc.write` (never the
   * read fallback). Only `eth_sendRawTransaction` is sent through it.
   */
  sendClient: Client;
  dryRun: boolean;
  logger: Logger;
}

/** Dry-run is enforced here and only here: nothing else in the keeper calls `eth_sendRawTransaction`. */
export function createBroadcaster({ sendClient, dryRun, logger }: CreateBroadcasterParameters): Broadcaster {
  return {
    dryRun,
    async broadcast(serializedTransaction, details) {
      if (dryRun) {
        logger.info("tx.dry_run", { ...details, note: "dry run: transaction signed but not sent" });
        return undefined;
      }
      const hash = await sendRawTransaction(sendClient, { serializedTransaction });
      logger.info("tx.sent", { ...details, hash });
      return hash;
    },
  };
}
