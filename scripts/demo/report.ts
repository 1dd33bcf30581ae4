/**
 * The demo's summary: what the keeper did and how the vault's NAV compares with the ideal
 * continuously rebalanced position, with the same policy run without costs by the backtester, and
 * with holding the collateral, on the same price path.
 *
 * The gap to the ideal splits into two parts that add up, both as shares of the ideal's value:
 * the execution gap is what the vault paid (fees, price impact, interest, emergency rewards),
 * counted by the backtester's replay of the run at the moment each was paid; the policy gap is the
 * rest, what the band, recentering speed, trade cap and cooldown did on their own. (A separate
 * frictionless run is shown in the chart, but it is not used for the split: without costs the band
 * triggers at slightly different moments, the two runs drift apart, and the difference can even
 * come out positive, which no cost can be.)
 */
import { holdMultiple, idealLeveragedMultiple } from "./ideal-nav.js";
import { replayDemo, type DemoChainFacts } from "./demo-replay.js";

export interface DemoSample {
  /** Seconds since the start. */
  time: number;
  /** ETH price in USD (feed). */
  price: number;
  /** Vault leverage after the keeper acted at this step. */
  leverage: number;
  /** NAV of one share in USD. */
  navUsd: number;
}

export interface DemoRebalance {
  time: number;
  action: string;
  leverageBefore: number;
  leverageAfter: number;
  gasUsed: bigint;
}

export interface DemoReport {
  scenario: string;
  days: number;
  seed: number;
  targetLeverage: number;
  band: [number, number];
  emergencyLeverage: number;
  /** The deployment preset the parameters came from, if any. */
  preset?: string;
  /** The lending market the vault's position lived on ("Morpho Blue" or "Aave v3"). */
  lendingMarket?: string;
  samples: DemoSample[];
  rebalances: DemoRebalance[];
  chain: DemoChainFacts;
  rebalanceGas: bigint;
  leverageRange: [number, number];
  finalNavMultiple: number;
  idealMultiple: number;
  /** The vault's NAV multiple had it not paid its costs: `finalNavMultiple · e^(cost log drag)`. */
  costFreeMultiple: number;
  /** A separate backtest of the same policy and flows without any cost. */
  frictionlessMultiple: number;
  /** That cost-free backtest's NAV per share in USD at every sample (the chart draws it). */
  frictionlessNavUsd: number[];
  /** The backtester's NAV per share in USD at every sample, with the stack's costs. */
  backtestNavUsd: number[];
  /** Largest relative gap between the backtester's and the chain's NAV per share over the samples. */
  backtestMaxDeviation: number;
  holdMultiple: number;
  /** Vault NAV multiple / ideal multiple − 1 = `policyGap + executionGap`. */
  trackingErrorVsIdeal: number;
  /** (cost-free − ideal) / ideal: what the policy itself costs (or gains). */
  policyGap: number;
  /** (vault − cost-free) / ideal: what executing it cost (fees, price impact, interest). */
  executionGap: number;
}

type Derived =
  | "leverageRange"
  | "finalNavMultiple"
  | "idealMultiple"
  | "frictionlessMultiple"
  | "frictionlessNavUsd"
  | "costFreeMultiple"
  | "backtestNavUsd"
  | "backtestMaxDeviation"
  | "holdMultiple"
  | "trackingErrorVsIdeal"
  | "policyGap"
  | "executionGap"
  | "rebalanceGas";

export function buildReport(base: Omit<DemoReport, Derived>): DemoReport {
  const prices = base.samples.map((sample) => sample.price);
  const leverages = base.samples.map((sample) => sample.leverage);
  const ideal = idealLeveragedMultiple(prices, base.targetLeverage);
  const hold = holdMultiple(prices);
  const finalNavMultiple = base.samples[base.samples.length - 1].navUsd / base.samples[0].navUsd;
  const idealMultiple = ideal[ideal.length - 1];
  const { withCosts, frictionless } = replayDemo({ times: base.samples.map((sample) => sample.time), prices }, base.chain);
  const backtestNavUsd = withCosts.navPerShare.map((nav, index) => nav * prices[index]);
  const backtestMaxDeviation = Math.max(...backtestNavUsd.map((nav, index) => Math.abs(nav / base.samples[index].navUsd - 1)));
  const frictionlessMultiple = frictionless.valueMultiple;
  const costFreeMultiple = finalNavMultiple * Math.exp(withCosts.costLogDrag);
  return {
    ...base,
    rebalanceGas: base.rebalances.reduce((sum, rebalance) => sum + rebalance.gasUsed, 0n),
    leverageRange: [Math.min(...leverages), Math.max(...leverages)],
    finalNavMultiple,
    idealMultiple,
    frictionlessMultiple,
    frictionlessNavUsd: frictionless.navPerShare.map((nav, index) => nav * prices[index]),
    costFreeMultiple,
    backtestNavUsd,
    backtestMaxDeviation,
    holdMultiple: hold[hold.length - 1],
    trackingErrorVsIdeal: finalNavMultiple / idealMultiple - 1,
    policyGap: (costFreeMultiple - idealMultiple) / idealMultiple,
    executionGap: (finalNavMultiple - costFreeMultiple) / idealMultiple,
  };
}

const percent = (multiple: number) => `${((multiple - 1) * 100).toFixed(2)}%`;
const share = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

export function formatReport(report: DemoReport): string {
  const byAction = new Map<string, number>();
  for (const rebalance of report.rebalances) byAction.set(rebalance.action, (byAction.get(rebalance.action) ?? 0) + 1);
  const actions = [...byAction].map(([action, count]) => `${count} ${action}`).join(", ") || "none";
  const prices = report.samples.map((sample) => sample.price);
  const { policy } = report.chain;
  const cap = policy.maxTradeSize === Infinity ? "no trade cap" : `trades of at most ${policy.maxTradeSize.toFixed(2)} WETH`;
  const round = (leverage: number) => Number(leverage.toFixed(4));
  return [
    `Scenario ${report.scenario}, ${report.days} days, seed ${report.seed}: ETH ${prices[0].toFixed(0)} -> ${prices[prices.length - 1].toFixed(0)} USD (low ${Math.min(...prices).toFixed(0)}, high ${Math.max(...prices).toFixed(0)})`,
    `Vault${report.lendingMarket ? ` on ${report.lendingMarket}` : ""}${report.preset ? ` (preset ${report.preset})` : ""}: target ${report.targetLeverage}x, band [${round(report.band[0])}x, ${round(report.band[1])}x], recentering ${policy.recenteringSpeedBps / 100}%, ${cap}, emergency ${round(report.emergencyLeverage)}x`,
    `Rebalances: ${report.rebalances.length} (${actions}), keeper gas ${report.rebalanceGas} (${report.rebalances.length ? (report.rebalanceGas / BigInt(report.rebalances.length)).toString() : "0"} per rebalance)`,
    `Leverage seen after each keeper pass: ${report.leverageRange[0].toFixed(3)}x .. ${report.leverageRange[1].toFixed(3)}x`,
    `NAV per share (USD): vault ${percent(report.finalNavMultiple)}, ideal continuously rebalanced ${report.targetLeverage}x ${percent(report.idealMultiple)}, holding ETH ${percent(report.holdMultiple)}`,
    `Vault vs ideal: ${share(report.trackingErrorVsIdeal)} = policy ${share(report.policyGap)} (without the costs it paid the vault would end at ${percent(report.costFreeMultiple)}) + execution ${share(report.executionGap)} (fees, price impact, interest)`,
    `Backtester replay of this run (npm run backtest's engine, same path, parameters and flows): NAV per share within ${report.backtestMaxDeviation.toExponential(1)} of the chain's at every step`,
  ].join("\n");
}
