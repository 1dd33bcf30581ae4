import { RebalanceAction, type RebalanceActionValue } from "../types.js";
import { LEVERAGE_TOLERANCE, type VaultPolicy } from "./vaultPolicy.js";

/** The position the rule looks at, at the oracle price. */
export interface RuleSnapshot {
  /** Collateral held. */
  collateral: number;
  /** `collateral − debt / price`, in collateral. */
  equity: number;
  /** `collateral / equity`. */
  leverage: number;
}

/** An iterated rebalance in progress (the vault's `_iterationAim` and direction); aim 0: none. */
export interface IterationState {
  aim: number;
  leverUp: boolean;
}

/** What the rule decides: the action due, the aim of the move and this call's trade. */
export interface RuleDecision {
  action: RebalanceActionValue;
  /** Leverage the (possibly chunked) move aims for. */
  aim: number;
  /** Collateral to buy (lever up) or sell (delever) in this call, capped at `maxTradeSize` and the venue's sandwich-proof size. */
  collateralToTrade: number;
  leverUp: boolean;
}

/** `current + (target − current)·speed`: the leverage one rebalance aims for (`LeverageMath.recentered`). */
export function recenteredLeverage(current: number, target: number, speedBps: number): number {
  return current + ((target - current) * speedBps) / 10_000;
}

/**
 * The vault's `_rebalanceStatus`, in numbers: emergency at or above the emergency leverage, else
 * an iteration in progress continues toward its aim, else a rebalance outside `[min, max]` aims
 * for the recentered leverage; the trade moves collateral at constant equity and is capped at
 * `maxTradeSize` and at `sandwichProofTradeSize`: the pool's fee times its collateral depth at the
 * price, the largest trade a sandwich cannot profit from (the vault's own cap).
 */
export function decideRebalance(
  snapshot: RuleSnapshot,
  iteration: IterationState,
  policy: VaultPolicy,
  sandwichProofTradeSize = Infinity,
): RuleDecision {
  const { collateral, equity, leverage } = snapshot;
  const none: RuleDecision = { action: RebalanceAction.None, aim: leverage, collateralToTrade: 0, leverUp: false };
  if (collateral === 0) return none;
  const target = policy.targetLeverage;
  const iterating =
    iteration.aim !== 0 &&
    (iteration.leverUp
      ? leverage + LEVERAGE_TOLERANCE < iteration.aim && iteration.aim <= target
      : leverage > iteration.aim + LEVERAGE_TOLERANCE && iteration.aim >= target);
  let action: RebalanceActionValue;
  let aim: number;
  if (leverage >= policy.emergencyLeverage) {
    action = RebalanceAction.Emergency;
    aim = target;
  } else if (iterating) {
    action = RebalanceAction.Iterate;
    aim = iteration.aim;
  } else if (leverage < policy.minLeverage || leverage > policy.maxLeverage) {
    action = RebalanceAction.Rebalance;
    aim = recenteredLeverage(leverage, target, policy.recenteringSpeedBps);
  } else {
    return none;
  }
  const nextCollateral = equity * aim;
  const leverUp = nextCollateral >= collateral;
  const collateralToTrade = Math.min(Math.abs(nextCollateral - collateral), policy.maxTradeSize, sandwichProofTradeSize);
  return { action, aim, collateralToTrade, leverUp };
}
