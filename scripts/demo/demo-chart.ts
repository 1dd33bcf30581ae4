/** The demo's chart: price, leverage against its band, and NAV against the ideal and holding (from the report's own backtests, not run again). */
import { holdMultiple, idealLeveragedMultiple } from "./ideal-nav.js";
import type { DemoReport } from "./report.js";
import { renderChart } from "./svg-chart.js";

export function renderDemoChart(report: DemoReport): string {
  const days = report.samples.map((sample) => sample.time / 86_400);
  const prices = report.samples.map((sample) => sample.price);
  const navStart = report.samples[0].navUsd;
  const ideal = idealLeveragedMultiple(prices, report.targetLeverage);
  const hold = holdMultiple(prices);
  const frictionlessStart = report.frictionlessNavUsd[0];
  return renderChart(`leveraged-vault demo: ${report.scenario}, ${report.days} days, seed ${report.seed}`, days, "days", [
    { title: "ETH price (USD)", series: [{ label: "ETH / USD", values: prices, color: "#1f77b4" }], format: (v) => v.toFixed(0) },
    {
      title: "Vault leverage after each keeper pass",
      series: [{ label: "leverage", values: report.samples.map((sample) => sample.leverage), color: "#d62728" }],
      guides: [
        { label: `target ${report.targetLeverage}x`, value: report.targetLeverage, color: "#2ca02c" },
        { label: `band ${report.band[0]}x`, value: report.band[0], color: "#999999" },
        { label: `band ${report.band[1]}x`, value: report.band[1], color: "#999999" },
        { label: `emergency ${report.emergencyLeverage}x`, value: report.emergencyLeverage, color: "#ff7f0e" },
      ],
      format: (v) => `${v.toFixed(2)}x`,
    },
    {
      title: "NAV per share, multiple of the start (USD)",
      series: [
        { label: "vault", values: report.samples.map((sample) => sample.navUsd / navStart), color: "#d62728" },
        { label: `ideal ${report.targetLeverage}x`, values: ideal, color: "#2ca02c", dashed: true },
        {
          label: "same policy, no costs (separate run)",
          values: report.frictionlessNavUsd.map((nav) => nav / frictionlessStart),
          color: "#9467bd",
          dashed: true,
        },
        { label: "hold ETH", values: hold, color: "#1f77b4", dashed: true },
      ],
      format: (v) => v.toFixed(2),
    },
  ]);
}
