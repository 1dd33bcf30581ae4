/**
 * What the keeper does with one vault. The vault decides eligibility on-chain: `canRebalance(signer)`
 * is the one rule (the same one `rebalance()` enforces), and this function relays its answer. The
 * vault's `rebalanceStatus()` only labels the decision (which action, and why it waits) for logs.
 */

import { RebalanceAction, type RebalanceActionValue } from "@leveraged-vault/sdk";

/** `RebalanceAction` numbers of the interface (the SDK's constant). */
export const Action = RebalanceAction;
export type ActionNumber = RebalanceActionValue;

/** The fields of `rebalanceStatus()` this decision labels itself with. */
export interface StatusForDecision {
  action: number;
  readyAt: bigint;
  permissionlessAt: bigint;
}

export interface DecideActionParameters {
  status: StatusForDecision;
  /** The vault's `canRebalance(signer)` at the block read: the decision itself. */
  canRebalance: boolean;
  /** `isKeeper(signer)` at the block read: only labels how the signer may act. */
  isKeeper: boolean;
  /** Timestamp of the block read. */
  blockTimestamp: bigint;
}

export type SkipReason = "in-band" | "cooldown" | "not-permitted" | "unknown-action";

export type Decision =
  | { kind: "act"; action: ActionNumber; emergency: boolean; via: "emergency" | "keeper" | "permissionless" }
  | { kind: "skip"; reason: SkipReason; until?: bigint };

/**
 * Acts exactly when the vault says `canRebalance(signer)`. When it does not, the reason is read off
 * `rebalanceStatus()`: nothing due, the cooldown (until `readyAt`), or no permission yet (until the
 * grace period makes rebalancing permissionless, if the vault was reported out of band).
 */
export function decideAction({ status, canRebalance, isKeeper, blockTimestamp }: DecideActionParameters): Decision {
  const { action, readyAt, permissionlessAt } = status;
  if (action === Action.None) return { kind: "skip", reason: "in-band" };
  if (action !== Action.Rebalance && action !== Action.Iterate && action !== Action.Emergency) {
    return { kind: "skip", reason: "unknown-action" };
  }
  if (canRebalance) {
    const emergency = action === Action.Emergency;
    return { kind: "act", action, emergency, via: emergency ? "emergency" : isKeeper ? "keeper" : "permissionless" };
  }
  if (blockTimestamp < readyAt) return { kind: "skip", reason: "cooldown", until: readyAt };
  return { kind: "skip", reason: "not-permitted", ...(permissionlessAt > blockTimestamp ? { until: permissionlessAt } : {}) };
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
