/**
 * `npm run bench:backtest`: the FLI comparison. Over 1,000 seeded paths (σ = 80%, one year,
 * seeds the optimiser never saw), each preset's recommended policy against the FLI-style policy
 * (2x, band 1.7–2.3, back to 2x in one go) under the same costs: the preset's assumptions.
 * Prints both and the improvement on cost drag + tracking error; exits 1 if it is under 20%.
 * Then the target-risk comparison (scripts/backtest/target-risk-bench.ts): fixed 2x against
 * volatility-targeted at equal mean leverage, and fixed against rate-aware on paths with a rate
 * spike, on 1,000 unseen two-regime paths, under the L2 preset's costs.
 *
 *   npm run bench:backtest                         # both presets and the target-risk comparison, 1,000 paths each
 *   npm run bench:backtest -- --paths 200 --assumptions L2
 *   npm run bench:backtest -- --only target-risk   # (or --only fli)
 */
import { parseArgs } from "node:util";

import cliProgress from "cli-progress";
import { evaluatePath, summarisePaths, type PathOutcome, type PricePath, type VaultPolicy } from "@leveraged-vault/sdk/backtest";

import { costModelFor, fliStylePolicy, initialEquityFor, pathsFor, presetPolicy } from "./assumptions.js";
import { runTargetRiskBench } from "./target-risk-bench.js";
import { describePolicy, formatMetrics } from "./format.js";
import { DEPLOYMENT_PRESETS, PRESET_NAMES, type PresetName } from "../vault/vault-parameters.js";

/** The bar: at least 20% lower cost drag + tracking error than the FLI-style policy. */
const REQUIRED_IMPROVEMENT = 0.2;
/** Seeds of the bench's paths start here; the optimiser's start at 1. */
const FIRST_SEED = 100_001;

const { values } = parseArgs({ options: { paths: { type: "string" }, assumptions: { type: "string" }, only: { type: "string" } } });
if (values.only !== undefined && values.only !== "fli" && values.only !== "target-risk") {
  console.error(`bench: --only must be fli or target-risk (got "${values.only}")`);
  process.exit(3);
}
const pathCount = Number(values.paths ?? 1000);
if (!Number.isInteger(pathCount) || pathCount < 1) {
  console.error(`bench: --paths must be a positive integer (got "${values.paths}")`);
  process.exit(3);
}
if (values.assumptions !== undefined && !PRESET_NAMES.includes(values.assumptions as PresetName)) {
  console.error(`bench: --assumptions must be one of ${PRESET_NAMES.join(", ")} (got "${values.assumptions}")`);
  process.exit(3);
}
const names = values.assumptions ? [values.assumptions as PresetName] : PRESET_NAMES;

function evaluate(paths: PricePath[], policy: VaultPolicy, name: PresetName, label: string) {
  const assumptions = DEPLOYMENT_PRESETS[name].assumptions;
  const costs = costModelFor(assumptions);
  const initialEquity = initialEquityFor(assumptions);
  const bar = new cliProgress.SingleBar({ format: `${name} ${label.padEnd(11)} [{bar}] {value}/{total} paths`, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(paths.length, 0);
  const outcomes: PathOutcome[] = [];
  for (const pricePath of paths) {
    outcomes.push(evaluatePath(pricePath, policy, costs, initialEquity));
    bar.update(outcomes.length);
  }
  bar.stop();
  return summarisePaths(outcomes, assumptions.trackingErrorWeight);
}

let failed = false;
for (const name of values.only === "target-risk" ? [] : names) {
  const assumptions = DEPLOYMENT_PRESETS[name].assumptions;
  const paths = pathsFor(assumptions, pathCount, FIRST_SEED);
  const recommended = presetPolicy(name);
  const fli = fliStylePolicy();
  const ours = evaluate(paths, recommended, name, "recommended");
  const theirs = evaluate(paths, fli, name, "FLI-style");
  const improvement = 1 - ours.objective / theirs.objective;
  const pass = improvement >= REQUIRED_IMPROVEMENT;
  failed ||= !pass;
  console.log(`\n=== ${name}: ${assumptions.description}`);
  console.log(`${pathCount} seeded GBM paths (seeds ${FIRST_SEED}..${FIRST_SEED + pathCount - 1}), σ ${assumptions.annualVolatility * 100}%, ${assumptions.years} year, keeper every ${assumptions.keeperIntervalSeconds / 60} min`);
  console.log(`\nRecommended (${name} preset): ${describePolicy(recommended, initialEquityFor(assumptions))}`);
  console.log(formatMetrics(ours));
  console.log(`\nFLI-style: ${describePolicy(fli)}`);
  console.log(formatMetrics(theirs));
  console.log(
    `\nCost drag + tracking error: recommended ${(ours.objective * 100).toFixed(3)}% vs FLI-style ${(theirs.objective * 100).toFixed(3)}%: ${(improvement * 100).toFixed(1)}% lower (required ${REQUIRED_IMPROVEMENT * 100}%) ${pass ? "PASS" : "FAIL"}`,
  );
}
if (values.only !== "fli") {
  const assumptions = DEPLOYMENT_PRESETS.L2.assumptions;
  runTargetRiskBench({ pathCount, costs: costModelFor(assumptions), initialEquity: initialEquityFor(assumptions), log: (line) => console.log(line) });
}
process.exit(failed ? 1 : 0);
