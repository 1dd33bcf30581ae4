/** The optimiser's frontier as an SVG chart: tracking error against cost drag. */
import type { OptimisePolicyReturnType, PolicyMetrics } from "@leveraged-vault/sdk/backtest";

import { renderScatterChart } from "../demo/svg-chart.js";

export function renderFrontierChart(input: { title: string; result: OptimisePolicyReturnType; fli?: PolicyMetrics; paths: string }): string {
  const { result, fli } = input;
  const point = (metrics: PolicyMetrics): [number, number] => [metrics.trackingError * 100, metrics.costDrag * 100];
  const recommended = result.recommended;
  return renderScatterChart(
    input.title,
    { x: "tracking error vs the continuously rebalanced ideal (RMS, % per √year)", y: "cost drag (% a year)" },
    [
      { label: "candidates", points: result.candidates.map((candidate) => point(candidate.metrics)), color: "#bbbbbb" },
      { label: "frontier", points: result.frontier.map((candidate) => point(candidate.metrics)), color: "#1f77b4", line: true },
      ...(fli ? [{ label: "FLI-style 1.7-2.3", points: [point(fli)], color: "#ff7f0e", radius: 6 }] : []),
      { label: "recommended", points: [point(recommended.metrics)], color: "#d62728", radius: 6 },
    ],
    [
      input.paths,
      `recommended: band ±${recommended.bandHalfWidth}, recentering ${recommended.recenteringSpeedBps / 100}%, trade cap ${recommended.maxTradeFraction === Infinity ? "none" : `${recommended.maxTradeFraction * 100}% of TVL`}`,
    ],
  );
}
