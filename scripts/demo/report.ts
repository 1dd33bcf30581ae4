/**
 * The demo's summary: what the keeper did and how the vault's NAV compares with the ideal
 * continuously rebalanced position and with holding the collateral, on the same price path.
 */
import { bandRebalancedMultiple, holdMultiple, idealLeveragedMultiple } from "./ideal-nav.js";

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
  samples: DemoSample[];
  rebalances: DemoRebalance[];
  rebalanceGas: bigint;
  leverageRange: [number, number];
  finalNavMultiple: number;
  idealMultiple: number;
  /** The same band without costs (see `bandRebalancedMultiple`). */
  bandModelMultiple: number;
  holdMultiple: number;
  /** Vault NAV multiple / ideal multiple − 1. */
  trackingErrorVsIdeal: number;
  /** Vault NAV multiple / frictionless band model − 1: the vault's own execution cost. */
  trackingErrorVsBandModel: number;
}

export function buildReport(
  base: Omit<
    DemoReport,
    "leverageRange" | "finalNavMultiple" | "idealMultiple" | "bandModelMultiple" | "holdMultiple" | "trackingErrorVsIdeal" | "trackingErrorVsBandModel" | "rebalanceGas"
  >,
): DemoReport {
  const prices = base.samples.map((sample) => sample.price);
  const leverages = base.samples.map((sample) => sample.leverage);
  const ideal = idealLeveragedMultiple(prices, base.targetLeverage);
  const hold = holdMultiple(prices);
  const finalNavMultiple = base.samples[base.samples.length - 1].navUsd / base.samples[0].navUsd;
  const idealMultiple = ideal[ideal.length - 1];
  const bandModelMultiple = bandRebalancedMultiple(prices, base.targetLeverage, base.band).at(-1)!;
  return {
    ...base,
    rebalanceGas: base.rebalances.reduce((sum, rebalance) => sum + rebalance.gasUsed, 0n),
    leverageRange: [Math.min(...leverages), Math.max(...leverages)],
    finalNavMultiple,
    idealMultiple,
    bandModelMultiple,
    holdMultiple: hold[hold.length - 1],
    trackingErrorVsIdeal: finalNavMultiple / idealMultiple - 1,
    trackingErrorVsBandModel: finalNavMultiple / bandModelMultiple - 1,
  };
}

const percent = (multiple: number) => `${((multiple - 1) * 100).toFixed(2)}%`;

export function formatReport(report: DemoReport): string {
  const byAction = new Map<string, number>();
  for (const rebalance of report.rebalances) byAction.set(rebalance.action, (byAction.get(rebalance.action) ?? 0) + 1);
  const actions = [...byAction].map(([action, count]) => `${count} ${action}`).join(", ") || "none";
  const prices = report.samples.map((sample) => sample.price);
  return [
    `Scenario ${report.scenario}, ${report.days} days, seed ${report.seed}: ETH ${prices[0].toFixed(0)} -> ${prices[prices.length - 1].toFixed(0)} USD (low ${Math.min(...prices).toFixed(0)}, high ${Math.max(...prices).toFixed(0)})`,
    `Vault: target ${report.targetLeverage}x, band [${report.band[0]}x, ${report.band[1]}x], emergency ${report.emergencyLeverage}x`,
    `Rebalances: ${report.rebalances.length} (${actions}), keeper gas ${report.rebalanceGas} (${report.rebalances.length ? (report.rebalanceGas / BigInt(report.rebalances.length)).toString() : "0"} per rebalance)`,
    `Leverage seen after each keeper pass: ${report.leverageRange[0].toFixed(3)}x .. ${report.leverageRange[1].toFixed(3)}x`,
    `NAV per share (USD): vault ${percent(report.finalNavMultiple)}, ideal continuously rebalanced ${report.targetLeverage}x ${percent(report.idealMultiple)}, holding ETH ${percent(report.holdMultiple)}`,
    `Vault vs ideal: ${(report.trackingErrorVsIdeal * 100).toFixed(2)}%; a frictionless vault with the same band: ${percent(report.bandModelMultiple)}, so the band itself accounts for ${((report.bandModelMultiple / report.idealMultiple - 1) * 100).toFixed(2)}% and execution (fees, price impact, interest) for ${(report.trackingErrorVsBandModel * 100).toFixed(2)}%`,
  ].join("\n");
}
