/**
 * The target-risk comparison of `npm run bench:backtest`: on 1,000 unseen two-regime paths (σ 40% and
 * 120%, calm spells of a quarter year and stressed ones of a month on average, one year, hourly),
 *
 * - a fixed 2x vault against a volatility-targeted one whose σ_target is calibrated (on other seeds)
 *   so that its mean leverage is also 2x;
 * - on calm paths (σ 40%) with a borrow-rate spike (5% a year, 40% for 30 days at a seeded time), a
 *   rate-aware vault against a fixed vault at the rate-aware one's mean leverage.
 *
 * For each: cost drag plus volatility decay (a year's shortfall against a constant exposure at the
 * path's mean leverage), the 95% and 99% one-day loss, the maximum drawdown (mean and 99th
 * percentile over the paths), the share of paths that reached the emergency threshold, and the
 * Sharpe ratio of daily returns. All figures come from the same run.
 */
import {
  dragAgainstConstantExposure,
  generateRegimeSwitchingPath,
  maxDrawdown,
  periodReturns,
  quantile,
  runBacktest,
  seededRandom,
  sharpeRatio,
  type CostModel,
  type PricePath,
  type RegimePath,
  type TargetPolicy,
  type VaultPolicy,
} from "@leveraged-vault/sdk/backtest";

import { basePolicyFor } from "./assumptions.js";

const HOUR = 3600;
const DAY = 86_400;
/** The bar: volatility targeting cuts the 99% drawdown and the decay by at least this much. */
export const REQUIRED_CUT = 0.25;

/** The paths of the comparison: two regimes, one year, hourly. */
export function regimePaths(count: number, firstSeed: number, volatilities: readonly [number, number] = [0.4, 1.2]): RegimePath[] {
  return Array.from({ length: count }, (_, index) =>
    generateRegimeSwitchingPath({ seed: firstSeed + index, startPrice: 3000, years: 1, stepSeconds: HOUR, volatilities, switchingRates: [4, 12] }),
  );
}

/** A borrow rate of `base` a year, `spike` for `spikeDays` from a seeded time. */
export function rateSpike(path: PricePath, seed: number, base = 0.05, spike = 0.4, spikeDays = 30): number[] {
  const start = seededRandom(seed)() * (path.times.at(-1)! - spikeDays * DAY);
  return path.times.map((time) => (time >= start && time < start + spikeDays * DAY ? spike : base));
}

export interface PolicyRun {
  label: string;
  policy: VaultPolicy;
  targetPolicy: TargetPolicy;
}

export interface RiskSummary {
  label: string;
  meanLeverage: number;
  /** Mean over the paths of a year's shortfall against constant exposure: decay plus costs. */
  dragPerYear: number;
  oneDayLoss95: number;
  oneDayLoss99: number;
  meanMaxDrawdown: number;
  maxDrawdown99: number;
  emergencyShare: number;
  sharpe: number;
}

/** Runs `run` on every path and summarises the risk figures. */
export function summariseRuns(paths: readonly PricePath[], run: PolicyRun, costs: CostModel, initialEquity: number, rates?: (path: PricePath, index: number) => number[]): RiskSummary {
  const dailyReturns: number[] = [];
  const drawdowns: number[] = [];
  let drag = 0;
  let leverage = 0;
  let emergencies = 0;
  paths.forEach((path, index) => {
    const result = runBacktest({ path, policy: run.policy, costs, initialEquity, record: true, targetPolicy: run.targetPolicy, borrowRates: rates?.(path, index) });
    const values = result.navPerShare.map((nav, step) => nav * path.prices[step]!);
    dailyReturns.push(...periodReturns(values, DAY / HOUR));
    drawdowns.push(maxDrawdown(values));
    drag += dragAgainstConstantExposure({ valueMultiple: result.valueMultiple, priceMultiple: path.prices.at(-1)! / path.prices[0]!, leverage: result.meanLeverage, years: result.years });
    leverage += result.meanLeverage;
    if (result.actionCounts.emergency > 0 || result.worstLeverage >= run.policy.emergencyLeverage) emergencies++;
  });
  return {
    label: run.label,
    meanLeverage: leverage / paths.length,
    dragPerYear: drag / paths.length,
    oneDayLoss95: -quantile(dailyReturns, 0.05),
    oneDayLoss99: -quantile(dailyReturns, 0.01),
    meanMaxDrawdown: drawdowns.reduce((sum, value) => sum + value, 0) / drawdowns.length,
    maxDrawdown99: quantile(drawdowns, 0.99),
    emergencyShare: emergencies / paths.length,
    sharpe: sharpeRatio(dailyReturns, 365),
  };
}

/** The vol-target policy of the comparison at `targetVolatility` (L_max 0.2x above the target, whose band then stays under the emergency). */
export function volTargetPolicy(targetVolatility: number, halfLifeSeconds = DAY, maxLeverage = 2.2): TargetPolicy {
  return { kind: "vol-target", targetVolatility, halfLifeSeconds, minLeverage: 1, maxLeverage, maxStalenessSeconds: DAY, maxLogReturn: 0.1, initialVolatility: 0.6 };
}

/** The σ_target whose mean leverage over `paths` is `leverage` (bisection; mean leverage falls as σ_target does). */
export function calibrateTargetVolatility(paths: readonly PricePath[], leverage: number, base: VaultPolicy, costs: CostModel, initialEquity: number, halfLifeSeconds = DAY, iterations = 18): number {
  let [low, high] = [0.2, 3];
  for (let i = 0; i < iterations; i++) {
    const middle = (low + high) / 2;
    let mean = 0;
    for (const path of paths) mean += runBacktest({ path, policy: base, costs, initialEquity, targetPolicy: volTargetPolicy(middle, halfLifeSeconds, base.targetLeverage + 0.2) }).meanLeverage;
    if (mean / paths.length < leverage) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/** The comparison table, with each figure's cut (1 − ours / fixed). */
export function formatComparison(fixed: RiskSummary, other: RiskSummary): string {
  const rows: [string, (summary: RiskSummary) => number, (value: number) => string][] = [
    ["mean leverage", (summary) => summary.meanLeverage, (value) => `${value.toFixed(3)}x`],
    ["cost drag + volatility decay / year", (summary) => summary.dragPerYear, percent],
    ["95% one-day loss", (summary) => summary.oneDayLoss95, percent],
    ["99% one-day loss", (summary) => summary.oneDayLoss99, percent],
    ["max drawdown, mean", (summary) => summary.meanMaxDrawdown, percent],
    ["max drawdown, 99th percentile", (summary) => summary.maxDrawdown99, percent],
    ["paths reaching the emergency threshold", (summary) => summary.emergencyShare, percent],
    ["Sharpe (daily returns, annualised)", (summary) => summary.sharpe, (value) => value.toFixed(3)],
  ];
  const lines = [`${"".padEnd(40)} | ${fixed.label.padEnd(18)} | ${other.label.padEnd(18)} | cut`];
  for (const [name, read, format] of rows) {
    const [a, b] = [read(fixed), read(other)];
    const cut = name.startsWith("mean leverage") || name.startsWith("Sharpe") ? "" : a === 0 ? "-" : percent(1 - b / a);
    lines.push(`${name.padEnd(40)} | ${format(a).padEnd(18)} | ${format(b).padEnd(18)} | ${cut}`);
  }
  return lines.join("\n");
}

/** Runs both comparisons and prints them; returns whether volatility targeting met the bar. */
export function runTargetRiskBench(parameters: { pathCount: number; costs: CostModel; initialEquity: number; log: (line: string) => void }): boolean {
  const { pathCount, costs, initialEquity, log } = parameters;
  const fixed = basePolicyFor(2);
  const calibration = regimePaths(200, 300_001);
  const paths = regimePaths(pathCount, 200_001);
  const targetVolatility = calibrateTargetVolatility(calibration, 2, fixed, costs, initialEquity);
  log(`\n=== Target risk: ${pathCount} unseen two-regime paths (σ 40% / 120%, switching 4 and 12 a year, 1 year hourly; seeds 200001..${200_000 + pathCount})`);
  log(`fixed 2x against volatility-targeted (σ_target ${percent(targetVolatility)}, calibrated on seeds 300001..300200 to a mean leverage of 2x; half-life 1 day, L_min 1x, L_max 2.2x, stale after 1 day), band ±0.2x moving with the target, emergency ${fixed.emergencyLeverage}x`);
  const fixedSummary = summariseRuns(paths, { label: "fixed 2x", policy: fixed, targetPolicy: { kind: "fixed" } }, costs, initialEquity);
  const volSummary = summariseRuns(paths, { label: "vol-targeted", policy: fixed, targetPolicy: volTargetPolicy(targetVolatility) }, costs, initialEquity);
  log(formatComparison(fixedSummary, volSummary));
  const drawdownCut = 1 - volSummary.maxDrawdown99 / fixedSummary.maxDrawdown99;
  const decayCut = 1 - volSummary.dragPerYear / fixedSummary.dragPerYear;
  const met = drawdownCut >= REQUIRED_CUT && decayCut >= REQUIRED_CUT;
  log(`99th-percentile drawdown cut ${percent(drawdownCut)}, decay + cost cut ${percent(decayCut)} (required ${percent(REQUIRED_CUT)} each): ${met ? "PASS" : "FAIL"}`);

  const calm = regimePaths(pathCount, 200_001, [0.4, 0.4]);
  const rates = (path: PricePath, index: number) => rateSpike(path, 400_001 + index);
  const rateAware: TargetPolicy = { kind: "fixed", minLeverage: 1.2, rateAware: { threshold: 0.08, ceiling: 0.25 } };
  const rateSummary = summariseRuns(calm, { label: "rate-aware", policy: fixed, targetPolicy: rateAware }, costs, initialEquity, rates);
  const equal = { ...basePolicyFor(rateSummary.meanLeverage), emergencyLeverage: fixed.emergencyLeverage };
  const fixedAtEqual = summariseRuns(calm, { label: `fixed ${rateSummary.meanLeverage.toFixed(3)}x`, policy: equal, targetPolicy: { kind: "fixed" } }, costs, initialEquity, rates);
  log(`\nOn ${pathCount} calm paths (σ 40%, the same seeds) with a borrow-rate spike (5% a year, 40% for 30 days at a seeded time): rate-aware (2x, down to 1.2x as the rate goes from 8% to 25%) against fixed at its mean leverage`);
  log(formatComparison(fixedAtEqual, rateSummary));
  return met;
}

/** One half-life the vol-target optimiser tried, at the σ_target that gives the wanted mean leverage. */
export interface VolTargetCandidate {
  halfLifeSeconds: number;
  targetVolatility: number;
  summary: RiskSummary;
  /** What the optimiser minimises: decay + cost drag a year plus the 99% one-day loss. */
  objective: number;
}

/**
 * `npm run backtest -- optimise --policy vol-target`: for each half-life, the σ_target that holds the
 * mean leverage at the base policy's target (calibrated on the same paths), then the one whose decay
 * + cost drag plus 99% one-day loss is lowest.
 */
export function optimiseVolTarget(parameters: {
  paths: readonly PricePath[];
  base: VaultPolicy;
  costs: CostModel;
  initialEquity: number;
  halfLivesSeconds: readonly number[];
  onCandidate?: (candidate: VolTargetCandidate) => void;
}): { candidates: VolTargetCandidate[]; recommended: VolTargetCandidate } {
  const { paths, base, costs, initialEquity, halfLivesSeconds } = parameters;
  const candidates = halfLivesSeconds.map((halfLifeSeconds) => {
    const targetVolatility = calibrateTargetVolatility(paths, base.targetLeverage, base, costs, initialEquity, halfLifeSeconds, 12);
    const summary = summariseRuns(paths, { label: `half-life ${halfLifeSeconds / 3600} h`, policy: base, targetPolicy: volTargetPolicy(targetVolatility, halfLifeSeconds, base.targetLeverage + 0.2) }, costs, initialEquity);
    const candidate = { halfLifeSeconds, targetVolatility, summary, objective: summary.dragPerYear + summary.oneDayLoss99 };
    parameters.onCandidate?.(candidate);
    return candidate;
  });
  const recommended = candidates.reduce((best, candidate) => (candidate.objective < best.objective ? candidate : best));
  return { candidates, recommended };
}
