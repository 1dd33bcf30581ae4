/** Text tables for the backtest CLI and the bench. */
import type { PolicyCandidate, PolicyMetrics, VaultPolicy } from "@leveraged-vault/sdk/backtest";

const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;

/** A policy in one line: band, speed, trade cap, cooldown. */
export function describePolicy(policy: VaultPolicy, tvlInCollateral?: number): string {
  const cap =
    policy.maxTradeSize === Infinity
      ? "no trade cap"
      : `trade cap ${policy.maxTradeSize.toFixed(1)}${tvlInCollateral ? ` (${percent(policy.maxTradeSize / tvlInCollateral, 0)} of TVL)` : ""}`;
  return `${policy.targetLeverage}x, band ${policy.minLeverage.toFixed(3)}-${policy.maxLeverage.toFixed(3)}, recentering ${policy.recenteringSpeedBps / 100}%, ${cap}, emergency ${policy.emergencyLeverage.toFixed(2)}x`;
}

/** The figures of one policy, one per line. */
export function formatMetrics(metrics: PolicyMetrics, debtUnit = "USD"): string {
  return [
    `tracking error vs the ideal (RMS, per √year): ${percent(metrics.trackingError)}   mean policy gap: ${percent(metrics.meanPolicyGap)} a year`,
    `cost drag: ${percent(metrics.costDrag, 3)} a year = execution ${percent(metrics.executionDrag, 3)} (fees, price impact, interest) + gas ${percent(metrics.gasDrag, 4)}`,
    `objective (cost drag + weighted tracking error): ${percent(metrics.objective, 3)}`,
    `rebalances: ${metrics.rebalancesPerYear.toFixed(1)} a year, keeper gas ${metrics.gasCostPerYear.toFixed(2)} ${debtUnit} a year, failed (would revert): ${metrics.failedRebalances}`,
    `worst leverage seen: ${metrics.worstLeverage.toFixed(3)}x, emergencies: ${metrics.emergencies}, liquidation-level steps: ${metrics.liquidations}  (${metrics.paths} paths)`,
  ].join("\n");
}

/** The frontier as a table, the recommended row marked. */
export function formatFrontier(frontier: readonly PolicyCandidate[], recommended: PolicyCandidate): string {
  const header = "  band ±   speed  trade cap   tracking err  cost drag   objective  rebal/yr   gas/yr";
  const rows = frontier.map((candidate) => {
    const m = candidate.metrics;
    const mark = candidate === recommended ? "*" : " ";
    return [
      `${mark} ${candidate.bandHalfWidth.toFixed(3).padStart(6)}`,
      `${(candidate.recenteringSpeedBps / 100).toFixed(0).padStart(5)}%`,
      (candidate.maxTradeFraction === Infinity ? "none" : percent(candidate.maxTradeFraction, 0)).padStart(10),
      percent(m.trackingError).padStart(13),
      percent(m.costDrag, 3).padStart(10),
      percent(m.objective, 3).padStart(11),
      m.rebalancesPerYear.toFixed(0).padStart(9),
      m.gasCostPerYear.toFixed(0).padStart(8),
    ].join(" ");
  });
  return [header, ...rows].join("\n");
}
