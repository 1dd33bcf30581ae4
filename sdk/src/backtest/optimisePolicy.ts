import type { CostModel } from "./costModel.js";
import { evaluatePolicy, type PolicyMetrics } from "./evaluatePolicy.js";
import type { PricePath } from "./pricePath.js";
import type { VaultPolicy } from "./vaultPolicy.js";

/** The knobs the optimiser turns. */
export interface PolicyGrid {
  /** Band half-widths in leverage: 0.1 at 2x is the band [1.9, 2.1]. */
  bandHalfWidths: readonly number[];
  /** Recentering speeds in bps (10,000: all the way back to target). */
  recenteringSpeedsBps: readonly number[];
  /** Maximum trade sizes as a share of the starting equity (`Infinity`: no cap). */
  maxTradeFractions: readonly number[];
}

/** The grid {@link optimisePolicy} searches unless told otherwise. */
export const DEFAULT_POLICY_GRID: PolicyGrid = {
  bandHalfWidths: [0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3],
  recenteringSpeedsBps: [5_000, 7_500, 10_000],
  maxTradeFractions: [Infinity, 0.25, 0.1],
};

/** A policy on the grid, by its knobs. */
export interface PolicyChoice {
  bandHalfWidth: number;
  recenteringSpeedBps: number;
  maxTradeFraction: number;
}

/** A candidate the optimiser evaluated. */
export interface PolicyCandidate extends PolicyChoice {
  policy: VaultPolicy;
  metrics: PolicyMetrics;
}

/** Parameters of {@link optimisePolicy}. */
export interface OptimisePolicyParameters {
  paths: readonly PricePath[];
  costs: CostModel;
  /** Starting equity in collateral units (the TVL). */
  initialEquity: number;
  /**
   * Everything but the band, speed and trade cap: target leverage, cooldown, slippage bound,
   * emergency reward and liquidation leverage. Its band is replaced by each candidate's.
   */
  basePolicy: VaultPolicy;
  /** Leverage between the band's top and the emergency threshold. Default 0.4. */
  emergencyMargin?: number;
  grid?: PolicyGrid;
  /** Weight of tracking error against cost drag in the objective. Default 1. */
  trackingErrorWeight?: number;
  /** Called after each candidate, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** What the optimiser found. */
export interface OptimisePolicyReturnType {
  candidates: PolicyCandidate[];
  /** Candidates no other beats on both tracking error and cost drag, by rising tracking error. */
  frontier: PolicyCandidate[];
  /** The lowest objective among candidates that never reached the liquidation leverage. */
  recommended: PolicyCandidate;
}

/** The policy with `choice`'s band, speed and trade cap on top of `base`. */
export function policyForChoice(base: VaultPolicy, choice: PolicyChoice, initialEquity: number, emergencyMargin = 0.4): VaultPolicy {
  const target = base.targetLeverage;
  const maxLeverage = target + choice.bandHalfWidth;
  return {
    ...base,
    minLeverage: Math.max(1, target - choice.bandHalfWidth),
    maxLeverage,
    emergencyLeverage: Math.min(maxLeverage + emergencyMargin, base.liquidationLeverage * 0.9),
    recenteringSpeedBps: choice.recenteringSpeedBps,
    maxTradeSize: choice.maxTradeFraction === Infinity ? Infinity : choice.maxTradeFraction * initialEquity,
  };
}

/** The candidates no other one beats on both tracking error and cost drag, by rising tracking error. */
export function paretoFrontier<T extends { metrics: Pick<PolicyMetrics, "trackingError" | "costDrag"> }>(candidates: readonly T[]): T[] {
  const sorted = [...candidates].sort((a, b) => a.metrics.trackingError - b.metrics.trackingError || a.metrics.costDrag - b.metrics.costDrag);
  const frontier: T[] = [];
  let lowestCost = Infinity;
  for (const candidate of sorted) {
    if (candidate.metrics.costDrag < lowestCost) {
      frontier.push(candidate);
      lowestCost = candidate.metrics.costDrag;
    }
  }
  return frontier;
}

/**
 * Searches band × recentering speed × maximum trade size for the policy that minimises cost drag
 * plus (weighted) tracking error over the given paths, under the given costs and TVL.
 *
 * @example
 * ```ts
 * const paths = Array.from({ length: 200 }, (_, seed) =>
 *   generateGbmPath({ seed, startPrice: 3000, volatility: 0.8, years: 1, stepSeconds: 3600 }));
 * const { recommended, frontier } = optimisePolicy({ paths, costs, initialEquity: 1000, basePolicy });
 * ```
 */
export function optimisePolicy(parameters: OptimisePolicyParameters): OptimisePolicyReturnType {
  const { paths, costs, initialEquity, basePolicy, emergencyMargin = 0.4, grid = DEFAULT_POLICY_GRID, trackingErrorWeight = 1, onProgress } = parameters;
  if (paths.length === 0) throw new RangeError("the optimiser needs at least one path");
  for (const [name, values] of Object.entries(grid)) {
    if ((values as number[]).length === 0) throw new RangeError(`grid.${name} is empty`);
  }
  const choices: PolicyChoice[] = [];
  for (const bandHalfWidth of grid.bandHalfWidths) {
    for (const recenteringSpeedBps of grid.recenteringSpeedsBps) {
      for (const maxTradeFraction of grid.maxTradeFractions) choices.push({ bandHalfWidth, recenteringSpeedBps, maxTradeFraction });
    }
  }
  const candidates: PolicyCandidate[] = [];
  for (const choice of choices) {
    const policy = policyForChoice(basePolicy, choice, initialEquity, emergencyMargin);
    const metrics = evaluatePolicy({ paths, policy, costs, initialEquity, trackingErrorWeight });
    candidates.push({ ...choice, policy, metrics });
    onProgress?.(candidates.length, choices.length);
  }
  const safe = candidates.filter((candidate) => candidate.metrics.liquidations === 0);
  if (safe.length === 0) throw new RangeError("every candidate reached the liquidation leverage on some path: lower the target leverage");
  const recommended = safe.reduce((best, candidate) => (candidate.metrics.objective < best.metrics.objective ? candidate : best));
  return { candidates, frontier: paretoFrontier(candidates), recommended };
}
