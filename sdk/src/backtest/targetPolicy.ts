import { SECONDS_PER_YEAR } from "./pricePath.js";
import type { VaultPolicy } from "./vaultPolicy.js";

/**
 * How a vault's target leverage is chosen (the target-risk issue's three kinds; 2 and 3 combine):
 * `fixed` keeps the policy's own target; `vol-target` aims for `targetVolatility / σ̂`, clamped to
 * `[minLeverage, maxLeverage]`, where σ̂ is the EWMA estimate of {@link observeVolatility}; a
 * `rateAware` part steps the target down linearly as the debt's borrow rate rises from `threshold`
 * to `ceiling`, to `minLeverage` at the ceiling.
 */
export interface TargetPolicy {
  kind: "fixed" | "vol-target";
  /** vol-target: the annualised volatility the vault's equity aims for, e.g. 0.6. */
  targetVolatility?: number;
  /** vol-target: half-life of the estimator's weights, in seconds (e.g. 3 days). */
  halfLifeSeconds?: number;
  /** The lowest target (vol-target's clamp, the fallback when σ̂ is stale, and the rate-aware floor). */
  minLeverage?: number;
  /** vol-target: the highest target; a guardian may lower it at once. */
  maxLeverage?: number;
  /** vol-target: an estimate older than this counts as unknown, and the target falls back to `minLeverage`. */
  maxStalenessSeconds?: number;
  /** vol-target: the largest |log-return| one observation may feed the estimator (a single jump's bound). */
  maxLogReturn?: number;
  /** vol-target: the annualised volatility the estimator starts from. */
  initialVolatility?: number;
  /** The rate-aware part, on top of either kind. */
  rateAware?: { threshold: number; ceiling: number };
}

/** The estimator's state, what the vault keeps in one packed slot: annualised variance, last price and time. */
export interface VolatilityEstimate {
  /** Annualised variance σ̂². */
  variance: number;
  lastPrice: number;
  /** Seconds. */
  lastTime: number;
}

/** The estimate's parameters. */
export type VolatilityEstimatorParameters = Required<Pick<TargetPolicy, "halfLifeSeconds" | "maxLogReturn">>;

/** A fresh estimate at `price` and `time`, starting from `initialVolatility`. */
export function startVolatilityEstimate(price: number, time: number, initialVolatility: number): VolatilityEstimate {
  return { variance: initialVolatility * initialVolatility, lastPrice: price, lastTime: time };
}

/**
 * One observation of the oracle price: with `dt` seconds since the last one and `r` the clamped
 * log-return, `w = 2^(−dt / halfLife)` and `σ̂² ← w·σ̂² + (1 − w)·r²·(year / dt)`. The weight grows with
 * the time elapsed, so the estimate is a time-weighted EWMA of the realised variance rate whatever
 * the spacing of the observations. A second observation in the same second changes nothing (a
 * single block cannot move it twice), and `|r| ≤ maxLogReturn` bounds what one jump can do.
 */
export function observeVolatility(estimate: VolatilityEstimate, price: number, time: number, parameters: VolatilityEstimatorParameters): VolatilityEstimate {
  const dt = time - estimate.lastTime;
  if (!(dt > 0)) return estimate;
  const logReturn = Math.max(-parameters.maxLogReturn, Math.min(parameters.maxLogReturn, Math.log(price / estimate.lastPrice)));
  const weight = 2 ** (-dt / parameters.halfLifeSeconds);
  return {
    variance: weight * estimate.variance + (1 - weight) * logReturn * logReturn * (SECONDS_PER_YEAR / dt),
    lastPrice: price,
    lastTime: time,
  };
}

/**
 * The target in force at `now`: the policy's own for `fixed`; `clamp(targetVolatility / σ̂, min, max)`
 * for `vol-target` (`min` when the estimate is older than `maxStalenessSeconds`); then, with a
 * `rateAware` part and a `borrowRate`, stepped down linearly from the threshold to `minLeverage` at
 * the ceiling. Never above `ceilingLeverage` (the live borrow limit, below the emergency threshold).
 */
export function targetInForce(parameters: {
  policy: TargetPolicy;
  fixedTarget: number;
  estimate?: VolatilityEstimate | undefined;
  now: number;
  borrowRate?: number | undefined;
  ceilingLeverage: number;
}): number {
  const { policy, fixedTarget, estimate, now, borrowRate, ceilingLeverage } = parameters;
  const floor = policy.minLeverage ?? 1;
  let target = fixedTarget;
  if (policy.kind === "vol-target") {
    const fresh = estimate !== undefined && now - estimate.lastTime <= (policy.maxStalenessSeconds ?? Infinity) && estimate.variance > 0;
    target = fresh ? Math.max(floor, Math.min(policy.maxLeverage!, policy.targetVolatility! / Math.sqrt(estimate.variance))) : floor;
  }
  if (policy.rateAware && borrowRate !== undefined) {
    const { threshold, ceiling } = policy.rateAware;
    const share = Math.max(0, Math.min(1, (borrowRate - threshold) / (ceiling - threshold)));
    target = target - (target - floor) * share;
  }
  return Math.max(1, Math.min(target, ceilingLeverage));
}

/** Checks a target policy; throws a `RangeError` naming the field. */
export function validateTargetPolicy(policy: TargetPolicy, vault: VaultPolicy): void {
  if (policy.kind !== "fixed" && policy.kind !== "vol-target") throw new RangeError(`targetPolicy.kind must be "fixed" or "vol-target" (got "${String(policy.kind)}")`);
  const floor = policy.minLeverage ?? 1;
  if (!(floor >= 1)) throw new RangeError(`targetPolicy.minLeverage must be at least 1 (got ${floor})`);
  if (policy.kind === "vol-target") {
    for (const field of ["targetVolatility", "halfLifeSeconds", "maxLeverage", "maxLogReturn"] as const) {
      if (!((policy[field] ?? NaN) > 0)) throw new RangeError(`targetPolicy.${field} must be positive for vol-target (got ${policy[field]})`);
    }
    if (!(policy.maxLeverage! >= floor)) throw new RangeError(`targetPolicy.maxLeverage must be at least minLeverage (got ${policy.maxLeverage} < ${floor})`);
    if (!(policy.maxLeverage! < vault.emergencyLeverage)) throw new RangeError(`targetPolicy.maxLeverage must be below the emergency leverage (got ${policy.maxLeverage} ≥ ${vault.emergencyLeverage})`);
  }
  if (policy.rateAware && !(policy.rateAware.ceiling > policy.rateAware.threshold)) {
    throw new RangeError(`targetPolicy.rateAware.ceiling must be above its threshold (got ${policy.rateAware.ceiling} ≤ ${policy.rateAware.threshold})`);
  }
}

/**
 * The vault policy with `target` in force: the band moves with the target, keeping its ratios to
 * the configured target, and stays below the emergency leverage.
 */
export function policyAtTarget(policy: VaultPolicy, target: number): VaultPolicy {
  if (target === policy.targetLeverage) return policy;
  const scale = target / policy.targetLeverage;
  const maxLeverage = Math.min(policy.maxLeverage * scale, policy.emergencyLeverage - 1e-3);
  return { ...policy, targetLeverage: target, minLeverage: Math.max(1, policy.minLeverage * scale), maxLeverage: Math.max(maxLeverage, target) };
}
