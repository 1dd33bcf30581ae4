import type { CostModel } from "./costModel.js";
import { idealValueMultiple } from "./idealValue.js";
import type { PricePath } from "./pricePath.js";
import { runBacktest } from "./runBacktest.js";
import type { VaultPolicy } from "./vaultPolicy.js";

/** How one policy did on one path, split into the policy's own gap and its execution. */
export interface PathOutcome {
  /** Ideal continuously rebalanced value multiple on the path (the closed form). */
  idealMultiple: number;
  /** The policy with costs: what holders get. */
  actualMultiple: number;
  /**
   * `ln(actual / ideal) + costLogDrag`: what the policy (band, speed, trade cap, cooldown) did
   * against the ideal, once the costs it paid are added back.
   */
  policyGap: number;
  /**
   * `−costLogDrag`: fees, price impact, interest and emergency rewards as a log return, counted
   * where they were paid. (Comparing with a separate frictionless run instead would add noise:
   * costs shift when a wide band triggers, and the two runs drift apart.)
   */
  executionGap: number;
  /** Keeper gas in debt units over the path, and as a share of the average equity. */
  gasCost: number;
  gasDrag: number;
  rebalances: number;
  failedRebalances: number;
  emergencies: number;
  liquidations: number;
  worstLeverage: number;
  years: number;
}

/** A policy's figures over many paths. Rates are per year. */
export interface PolicyMetrics {
  paths: number;
  /** Mean of `−executionGap + gasDrag`, per year: what running the policy costs holders. */
  costDrag: number;
  /** Root mean square of `policyGap`, per √year: how far the policy strays from the ideal. */
  trackingError: number;
  /** `costDrag + trackingErrorWeight · trackingError`: what the optimiser minimises. */
  objective: number;
  /** Mean `policyGap` per year (its sign: does the band beat the ideal on average?). */
  meanPolicyGap: number;
  /** Mean execution cost per year (`−executionGap`), gas excluded. */
  executionDrag: number;
  /** Mean gas drag per year. */
  gasDrag: number;
  rebalancesPerYear: number;
  /** Mean keeper gas spent per year, in debt units. */
  gasCostPerYear: number;
  worstLeverage: number;
  emergencies: number;
  liquidations: number;
  failedRebalances: number;
}

/** Parameters of {@link evaluatePolicy}. */
export interface EvaluatePolicyParameters {
  paths: readonly PricePath[];
  policy: VaultPolicy;
  costs: CostModel;
  /** Starting equity in collateral units (the TVL). */
  initialEquity: number;
  /** Weight of the tracking error in `objective`. Default 1. */
  trackingErrorWeight?: number;
}

/** Runs a policy on one path with costs, against the closed-form ideal. */
export function evaluatePath(path: PricePath, policy: VaultPolicy, costs: CostModel, initialEquity: number): PathOutcome {
  const actual = runBacktest({ path, policy, costs, initialEquity });
  const idealMultiple = idealValueMultiple(path.prices, policy.targetLeverage);
  const log = (value: number) => (value > 0 ? Math.log(value) : -Infinity);
  return {
    idealMultiple,
    actualMultiple: actual.valueMultiple,
    policyGap: log(actual.valueMultiple) - log(idealMultiple) + actual.costLogDrag,
    executionGap: -actual.costLogDrag,
    gasCost: actual.gasCost,
    gasDrag: actual.averageEquity > 0 ? actual.gasCost / actual.averageEquity : 0,
    rebalances: actual.actionCounts.rebalance + actual.actionCounts.iterate + actual.actionCounts.emergency,
    failedRebalances: actual.failedRebalances,
    emergencies: actual.actionCounts.emergency,
    liquidations: actual.liquidationSteps.length,
    worstLeverage: actual.worstLeverage,
    years: actual.years,
  };
}

/** Aggregates {@link PathOutcome}s into {@link PolicyMetrics}. */
export function summarisePaths(outcomes: readonly PathOutcome[], trackingErrorWeight = 1): PolicyMetrics {
  if (outcomes.length === 0) throw new RangeError("summarising needs at least one path");
  const n = outcomes.length;
  const mean = (pick: (outcome: PathOutcome) => number) => outcomes.reduce((sum, outcome) => sum + pick(outcome), 0) / n;
  const years = mean((outcome) => outcome.years);
  const executionDrag = -mean((outcome) => outcome.executionGap) / years;
  const gasDrag = mean((outcome) => outcome.gasDrag) / years;
  const costDrag = executionDrag + gasDrag;
  const trackingError = Math.sqrt(mean((outcome) => outcome.policyGap ** 2) / years);
  return {
    paths: n,
    costDrag,
    trackingError,
    objective: costDrag + trackingErrorWeight * trackingError,
    meanPolicyGap: mean((outcome) => outcome.policyGap) / years,
    executionDrag,
    gasDrag,
    rebalancesPerYear: mean((outcome) => outcome.rebalances) / years,
    gasCostPerYear: mean((outcome) => outcome.gasCost) / years,
    worstLeverage: Math.max(...outcomes.map((outcome) => outcome.worstLeverage)),
    emergencies: outcomes.reduce((sum, outcome) => sum + outcome.emergencies, 0),
    liquidations: outcomes.reduce((sum, outcome) => sum + outcome.liquidations, 0),
    failedRebalances: outcomes.reduce((sum, outcome) => sum + outcome.failedRebalances, 0),
  };
}

/**
 * A policy's cost drag, tracking error and the rest over many paths: each path is run with the
 * costs and compared with the closed-form ideal.
 */
export function evaluatePolicy(parameters: EvaluatePolicyParameters): PolicyMetrics {
  const { paths, policy, costs, initialEquity, trackingErrorWeight = 1 } = parameters;
  return summarisePaths(
    paths.map((path) => evaluatePath(path, policy, costs, initialEquity)),
    trackingErrorWeight,
  );
}
