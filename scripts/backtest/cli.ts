/**
 * `npm run backtest -- [run|optimise] [options]`: the SDK's backtester from the command line.
 * `--help` lists the options; `--json` prints one JSON document for scripts.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import cliProgress from "cli-progress";
import {
  DEFAULT_POLICY_GRID,
  evaluatePath,
  generateGbmPath,
  generateScenarioPath,
  optimisePolicy,
  parsePriceCsv,
  summarisePaths,
  type PathOutcome,
  type PricePath,
  type VaultPolicy,
} from "@leveraged-vault/sdk/backtest";

import { basePolicyFor, costModelFor, fliStylePolicy, initialEquityFor } from "./assumptions.js";
import { renderFrontierChart } from "./frontier-chart.js";
import { describePolicy, formatFrontier, formatMetrics } from "./format.js";
import { OptionError, USAGE, parseBacktestOptions, type BacktestCliOptions } from "./options.js";
import { formatComparison, optimiseVolTarget, regimePaths, summariseRuns } from "./target-risk-bench.js";
import { DEPLOYMENT_PRESETS } from "../vault/vault-parameters.js";

async function buildPaths(options: BacktestCliOptions): Promise<PricePath[]> {
  const source = options.paths;
  const startPrice = options.assumptions.ethPriceUsd;
  if (source.kind === "csv") {
    const text = await readFile(source.csvFile!, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new OptionError(`--csv: cannot read ${source.csvFile} (${error.code ?? error.message})`);
    });
    try {
      return [parsePriceCsv(text)];
    } catch (error) {
      throw new OptionError(`--csv ${source.csvFile}: ${(error as Error).message}`);
    }
  }
  if (source.kind === "scenario") {
    return [generateScenarioPath({ scenario: source.scenario!, days: source.days, seed: source.firstSeed, startPrice, annualVolatility: source.volatility, stepHours: source.stepSeconds / 3600 })];
  }
  return Array.from({ length: source.count }, (_, index) =>
    generateGbmPath({
      seed: source.firstSeed + index,
      startPrice,
      volatility: source.volatility,
      drift: source.drift,
      years: source.years,
      stepSeconds: source.stepSeconds,
      ...(source.jumps ? { jumps: source.jumps } : {}),
    }),
  );
}

/** The policy `run` tests: the preset's knobs around the target, with any overrides. */
function policyToRun(options: BacktestCliOptions): VaultPolicy {
  const preset = DEPLOYMENT_PRESETS[options.policy.preset];
  const target = options.assumptions.targetLeverage;
  const [min, max] = options.policy.band ?? [Math.max(1, target - preset.bandHalfWidth), target + preset.bandHalfWidth];
  const tradeFraction = options.policy.maxTradeFraction ?? preset.maxTradeFraction;
  return {
    ...basePolicyFor(target),
    minLeverage: min,
    maxLeverage: max,
    emergencyLeverage: max + 0.4,
    recenteringSpeedBps: options.policy.speedBps ?? preset.recenteringSpeedBps,
    maxTradeSize: tradeFraction === Infinity ? Infinity : tradeFraction * initialEquityFor(options.assumptions),
    cooldownSeconds: options.policy.cooldownSeconds,
  };
}

function progressBar(enabled: boolean, label: string, total: number) {
  if (!enabled) return { update: (_done: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
}

const jsonReplacer = (_key: string, value: unknown) => (value === Infinity ? "Infinity" : value);

async function run(options: BacktestCliOptions): Promise<void> {
  const paths = await buildPaths(options);
  const costs = costModelFor(options.assumptions);
  const initialEquity = initialEquityFor(options.assumptions);
  const policy = policyToRun(options);
  const bar = progressBar(options.progress && paths.length > 1, "backtest", paths.length);
  const outcomes: PathOutcome[] = [];
  for (const pricePath of paths) {
    outcomes.push(evaluatePath(pricePath, policy, costs, initialEquity));
    bar.update(outcomes.length);
  }
  bar.stop();
  const metrics = summarisePaths(outcomes, options.trackingErrorWeight);
  if (options.json) {
    console.log(JSON.stringify({ command: "run", assumptions: options.assumptions, paths: options.paths, policy, metrics, outcomes }, jsonReplacer, 2));
    return;
  }
  console.log(`Assumptions ${options.assumptionsName}: ${options.assumptions.description}`);
  console.log(`(as run: TVL $${options.assumptions.tvlUsd}, gas ${options.assumptions.gasPriceGwei} gwei, pool depth $${options.assumptions.poolDepthUsdPerPercent} per 1%, borrow ${options.assumptions.borrowApr * 100}%/yr)`);
  console.log(`Paths: ${describePaths(options)}`);
  console.log(`Policy: ${describePolicy(policy, initialEquity)}\n`);
  console.log(formatMetrics(metrics));
}

function describePaths(options: BacktestCliOptions): string {
  const source = options.paths;
  if (source.kind === "csv") return `CSV ${source.csvFile}`;
  if (source.kind === "scenario") return `demo scenario ${source.scenario}, ${source.days} days, seed ${source.firstSeed}`;
  const jumps = source.jumps ? `, jumps ${source.jumps.intensity}/yr of N(${source.jumps.meanLogJump}, ${source.jumps.stdLogJump}²)` : "";
  return `${source.count} seeded GBM paths from seed ${source.firstSeed}: σ ${source.volatility * 100}%, ${source.years} year(s), keeper every ${source.stepSeconds / 60} min${jumps}`;
}

async function optimise(options: BacktestCliOptions): Promise<void> {
  const paths = await buildPaths(options);
  const costs = costModelFor(options.assumptions);
  const initialEquity = initialEquityFor(options.assumptions);
  const grid = {
    bandHalfWidths: options.grid.bandHalfWidths ?? DEFAULT_POLICY_GRID.bandHalfWidths,
    recenteringSpeedsBps: options.grid.speedsBps ?? DEFAULT_POLICY_GRID.recenteringSpeedsBps,
    maxTradeFractions: options.grid.tradeFractions ?? DEFAULT_POLICY_GRID.maxTradeFractions,
  };
  const total = grid.bandHalfWidths.length * grid.recenteringSpeedsBps.length * grid.maxTradeFractions.length;
  const bar = progressBar(options.progress, "optimise", total);
  const basePolicy = { ...basePolicyFor(options.assumptions.targetLeverage), cooldownSeconds: options.policy.cooldownSeconds };
  const result = optimisePolicy({
    paths,
    costs,
    initialEquity,
    basePolicy,
    grid,
    trackingErrorWeight: options.trackingErrorWeight,
    onProgress: (done) => bar.update(done),
  });
  bar.stop();
  const fli = options.assumptions.targetLeverage === 2 ? summarisePaths(paths.map((p) => evaluatePath(p, fliStylePolicy(), costs, initialEquity)), options.trackingErrorWeight) : undefined;

  const folder = path.resolve(options.output);
  await mkdir(folder, { recursive: true });
  const chartFile = path.join(folder, `backtest-frontier-${options.assumptionsName}.svg`);
  await writeFile(chartFile, renderFrontierChart({ title: `Frontier under ${options.assumptionsName}: ${options.assumptions.description}`, result, fli, paths: describePaths(options) }));

  if (options.json) {
    const strip = ({ policy, metrics, bandHalfWidth, recenteringSpeedBps, maxTradeFraction }: (typeof result.candidates)[number]) => ({ bandHalfWidth, recenteringSpeedBps, maxTradeFraction, policy, metrics });
    console.log(
      JSON.stringify(
        {
          command: "optimise",
          assumptions: options.assumptions,
          paths: options.paths,
          recommended: strip(result.recommended),
          frontier: result.frontier.map(strip),
          candidates: result.candidates.map(strip),
          fliStyle: fli,
          chart: chartFile,
        },
        jsonReplacer,
        2,
      ),
    );
    return;
  }
  console.log(`Assumptions ${options.assumptionsName}: ${options.assumptions.description}`);
  console.log(`Paths: ${describePaths(options)}; ${total} candidates\n`);
  console.log("Frontier (no other candidate has both lower tracking error and lower cost drag; * recommended):");
  console.log(formatFrontier(result.frontier, result.recommended));
  console.log(`\nRecommended: ${describePolicy(result.recommended.policy, initialEquity)}`);
  console.log(formatMetrics(result.recommended.metrics));
  if (fli) {
    console.log(`\nFLI-style reference (${describePolicy(fliStylePolicy())}):`);
    console.log(formatMetrics(fli));
    console.log(`Recommended vs FLI-style on cost drag + tracking error: ${((1 - result.recommended.metrics.objective / fli.objective) * 100).toFixed(1)}% lower`);
  }
  console.log(`\nChart: ${path.relative(process.cwd(), chartFile)}`);
}

/**
 * `optimise --policy vol-target`: on two-regime paths (σ 40% / 120%; --paths, --seed), each half-life
 * with the σ_target that keeps the mean leverage at --leverage; the recommendation against fixed leverage.
 */
function optimiseVolatilityTarget(options: BacktestCliOptions): void {
  const count = options.paths.kind === "gbm" ? options.paths.count : 100;
  const paths = regimePaths(count, options.paths.firstSeed);
  const costs = costModelFor(options.assumptions);
  const initialEquity = initialEquityFor(options.assumptions);
  const base = { ...basePolicyFor(options.assumptions.targetLeverage), cooldownSeconds: options.policy.cooldownSeconds };
  console.log(`Searching the volatility target's half-life on ${count} two-regime paths (seeds ${options.paths.firstSeed}..), mean leverage held at ${base.targetLeverage}x`);
  const { recommended, candidates } = optimiseVolTarget({
    paths,
    base,
    costs,
    initialEquity,
    halfLivesSeconds: options.halfLivesSeconds,
    onCandidate: (candidate) =>
      console.log(
        `  half-life ${(candidate.halfLifeSeconds / 3600).toString().padStart(4)} h: σ_target ${(candidate.targetVolatility * 100).toFixed(1)}%, decay + cost ${(candidate.summary.dragPerYear * 100).toFixed(2)}%/yr, 99% one-day loss ${(candidate.summary.oneDayLoss99 * 100).toFixed(2)}%, 99th-pct drawdown ${(candidate.summary.maxDrawdown99 * 100).toFixed(2)}%`,
      ),
  });
  if (options.json) {
    console.log(JSON.stringify({ command: "optimise", policy: "vol-target", candidates, recommended }, null, 2));
    return;
  }
  console.log(`\nRecommended: half-life ${recommended.halfLifeSeconds / 3600} h, σ_target ${(recommended.targetVolatility * 100).toFixed(1)}% (lowest decay + cost plus 99% one-day loss)`);
  const fixed = summariseRuns(paths, { label: `fixed ${base.targetLeverage}x`, policy: base, targetPolicy: { kind: "fixed" } }, costs, initialEquity);
  console.log(formatComparison(fixed, { ...recommended.summary, label: "vol-targeted" }));
}

try {
  const options = parseBacktestOptions(process.argv.slice(2));
  if (options === "help") {
    console.log(USAGE);
  } else if (options.command === "optimise" && options.targetPolicy === "vol-target") {
    optimiseVolatilityTarget(options);
  } else if (options.command === "optimise") {
    await optimise(options);
  } else {
    await run(options);
  }
} catch (error) {
  if (error instanceof OptionError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`backtest: ${(error as Error).message}\n(npm run backtest -- --help lists the options)`);
    process.exit(3);
  }
  throw error;
}
