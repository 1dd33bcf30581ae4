/**
 * What the keeper does with one vault, decided from the vault's own `rebalanceStatus()`.
 * The vault decides eligibility on-chain; this only reads its answer (and who may act on it).
 */

import { RebalanceAction, type RebalanceActionValue } from "@leveraged-vault/sdk";

/** `RebalanceAction` numbers of the interface (the SDK's constant). */
export const Action = RebalanceAction;
export type ActionNumber = RebalanceActionValue;

/** The fields of `rebalanceStatus()` this decision needs. */
export interface StatusForDecision {
  action: number;
  readyAt: bigint;
  permissionlessAt: bigint;
}

export interface DecideActionParameters {
  status: StatusForDecision;
  /** `isKeeper(signer)` at the block read. */
  isKeeper: boolean;
  /** Timestamp of the block read. */
  blockTimestamp: bigint;
}

export type SkipReason = "in-band" | "cooldown" | "not-permitted" | "unknown-action";

export type Decision =
  | { kind: "act"; action: ActionNumber; emergency: boolean; via: "emergency" | "keeper" | "permissionless" }
  | { kind: "skip"; reason: SkipReason; until?: bigint };

/**
 * - `None`: nothing to do.
 * - `Emergency`: act, whoever we are, whatever the cooldown (the vault opens it to anyone).
 * - `Rebalance` / `Iterate`: wait for `readyAt` (the cooldown), then act if the signer is a keeper
 *   or the grace period after an out-of-band report has made it permissionless.
 */
export function decideAction({ status, isKeeper, blockTimestamp }: DecideActionParameters): Decision {
  const { action, readyAt, permissionlessAt } = status;
  if (action === Action.None) return { kind: "skip", reason: "in-band" };
  if (action === Action.Emergency) return { kind: "act", action: Action.Emergency, emergency: true, via: "emergency" };
  if (action !== Action.Rebalance && action !== Action.Iterate) return { kind: "skip", reason: "unknown-action" };
  if (blockTimestamp < readyAt) return { kind: "skip", reason: "cooldown", until: readyAt };
  if (isKeeper) return { kind: "act", action, emergency: false, via: "keeper" };
  if (permissionlessAt !== 0n && blockTimestamp >= permissionlessAt) return { kind: "act", action, emergency: false, via: "permissionless" };
  return { kind: "skip", reason: "not-permitted", ...(permissionlessAt !== 0n ? { until: permissionlessAt } : {}) };
}

/**
 * Vault errors that mean "someone else got there first" or "the state moved since the read":
 * the keeper stands down instead of failing.
 */
export const STAND_DOWN_ERRORS = new Set(["LeverageInBand", "RebalanceCooldown", "RebalanceNotPermitted"]);

/** Whether a revert of `rebalance()` means standing down (a race), not a failure. */
export function isStandDownRevert(errorName: string | undefined): boolean {
  return errorName !== undefined && STAND_DOWN_ERRORS.has(errorName);
}
