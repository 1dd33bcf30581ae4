/**
 * `npm run backtest` options: parsed and validated here, with errors that name the flag.
 */
import { parseArgs } from "node:util";

import { SCENARIO_NAMES, type ScenarioName } from "@leveraged-vault/sdk/backtest";

import { DEPLOYMENT_PRESETS, PRESET_NAMES, type PresetAssumptions, type PresetName } from "../vault/vault-parameters.js";

export const USAGE = `usage: npm run backtest -- [run|optimise] [options]

  run        backtest one policy (default: the preset of --assumptions) and print its figures
  optimise   search band x recentering speed x maximum trade size; print the frontier and the
             recommendation, and write an SVG chart of the frontier; with --policy vol-target,
             search the volatility target's half-life (and the σ_target that keeps the mean
             leverage at --leverage) on two-regime paths

assumptions and costs (defaults: the --assumptions preset's, see scripts/vault/vault-parameters.ts)
  --assumptions L1|L2        deployment assumptions to start from (default L2)
  --leverage L               target leverage
  --tvl-usd N                vault equity in USD
  --gas-gwei N               gas price
  --gas-per-rebalance N      gas of one rebalance
  --pool-depth-usd N         USD that moves the pool's price by 1%
  --pool-fee F               pool fee as a fraction (0.0005 for 0.05%)
  --borrow-apr F             borrow rate, a fraction a year

price paths (default: seeded GBM)
  --paths N                  number of seeded GBM paths (default: 100 for optimise, 20 for run)
  --seed N                   first seed (default 1)
  --volatility F             annualised volatility (default 0.8)
  --drift F                  annualised drift (default 0)
  --years Y                  path length (default 1)
  --keeper-minutes M         minutes between two points, i.e. keeper checks (default 60)
  --jump-intensity N         Merton jumps a year (default 0)
  --jump-mean F              mean log jump (default -0.05)
  --jump-std F               standard deviation of the log jump (default 0.05)
  --scenario NAME            one of the demo's scenarios instead (${SCENARIO_NAMES.join(", ")})
  --days N                   the scenario's length (default 30)
  --csv FILE                 a CSV of "time,price" rows instead (Unix seconds or ISO dates)

policy (run)
  --preset L1|L2             the preset's band, speed and trade cap (default: --assumptions)
  --band MIN,MAX             leverage band
  --speed-bps N              recentering speed, 1..10000
  --max-trade-fraction F     maximum trade size as a share of the TVL ("inf" for none)
  --cooldown S               seconds between routine rebalances (default 600)

optimiser grid (optimise)
  --policy fixed|vol-target  what optimise searches (default fixed: the band grid below)
  --half-lives H,H,...       vol-target: half-lives in hours (default 6,12,24,48,96)
  --bands H,H,...            band half-widths (default 0.02,0.03,0.05,0.075,0.1,0.15,0.2,0.3)
  --speeds BPS,...           recentering speeds (default 5000,7500,10000)
  --trade-fractions F,...    maximum trade sizes as shares of the TVL (default inf,0.25,0.1)
  --te-weight W              weight of tracking error against cost drag (default 1)

output
  --json                     print one JSON document instead of text
  --output DIR               where the frontier chart goes (default output)
  --no-progress              no progress bar
  --help                     this text`;

export type Command = "run" | "optimise";

export interface PathSource {
  kind: "gbm" | "scenario" | "csv";
  count: number;
  firstSeed: number;
  volatility: number;
  drift: number;
  years: number;
  stepSeconds: number;
  jumps?: { intensity: number; meanLogJump: number; stdLogJump: number };
  scenario?: ScenarioName;
  days: number;
  csvFile?: string;
}

export interface BacktestCliOptions {
  command: Command;
  assumptionsName: PresetName;
  assumptions: PresetAssumptions;
  paths: PathSource;
  policy: {
    preset: PresetName;
    band?: [number, number];
    speedBps?: number;
    maxTradeFraction?: number;
    cooldownSeconds: number;
  };
  grid: { bandHalfWidths?: number[]; speedsBps?: number[]; tradeFractions?: number[] };
  /** What optimise searches: the band grid (fixed) or the volatility target's half-life. */
  targetPolicy: "fixed" | "vol-target";
  /** vol-target: half-lives to try, in seconds. */
  halfLivesSeconds: number[];
  trackingErrorWeight: number;
  json: boolean;
  output: string;
  progress: boolean;
}

/** Thrown for bad options; the CLI prints it and exits with code 3. */
export class OptionError extends Error {}

export function parseBacktestOptions(argv: string[]): BacktestCliOptions | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      assumptions: { type: "string" },
      leverage: { type: "string" },
      "tvl-usd": { type: "string" },
      "gas-gwei": { type: "string" },
      "gas-per-rebalance": { type: "string" },
      "pool-depth-usd": { type: "string" },
      "pool-fee": { type: "string" },
      "borrow-apr": { type: "string" },
      paths: { type: "string" },
      seed: { type: "string" },
      volatility: { type: "string" },
      drift: { type: "string" },
      years: { type: "string" },
      "keeper-minutes": { type: "string" },
      "jump-intensity": { type: "string" },
      "jump-mean": { type: "string" },
      "jump-std": { type: "string" },
      scenario: { type: "string" },
      days: { type: "string" },
      csv: { type: "string" },
      preset: { type: "string" },
      band: { type: "string" },
      "speed-bps": { type: "string" },
      "max-trade-fraction": { type: "string" },
      cooldown: { type: "string" },
      bands: { type: "string" },
      speeds: { type: "string" },
      "trade-fractions": { type: "string" },
      "te-weight": { type: "string" },
      policy: { type: "string" },
      "half-lives": { type: "string" },
      json: { type: "boolean" },
      output: { type: "string" },
      "no-progress": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 1) throw new OptionError(`expected at most one command (run or optimise), got "${positionals.join(" ")}"`);
  const command = (positionals[0] ?? "run") as Command;
  if (command !== "run" && command !== "optimise") throw new OptionError(`the command must be run or optimise (got "${command}")`);

  const preset = (name: string, flag: string): PresetName => {
    if (!PRESET_NAMES.includes(name as PresetName)) throw new OptionError(`--${flag} must be one of ${PRESET_NAMES.join(", ")} (got "${name}")`);
    return name as PresetName;
  };
  const number = (flag: string, text: string | undefined, rule: { min?: number; max?: number; integer?: boolean; above?: number } = {}) => {
    if (text === undefined) return undefined;
    const value = text === "inf" ? Infinity : Number(text);
    const bad =
      Number.isNaN(value) ||
      (rule.integer && !Number.isInteger(value)) ||
      (rule.min !== undefined && value < rule.min) ||
      (rule.above !== undefined && !(value > rule.above)) ||
      (rule.max !== undefined && value > rule.max);
    if (bad) {
      const bounds = [rule.above !== undefined ? `above ${rule.above}` : "", rule.min !== undefined ? `at least ${rule.min}` : "", rule.max !== undefined ? `at most ${rule.max}` : ""].filter(Boolean).join(" and ");
      throw new OptionError(`--${flag} must be ${rule.integer ? "an integer" : "a number"}${bounds ? ` ${bounds}` : ""} (got "${text}")`);
    }
    return value;
  };
  const list = (flag: string, text: string | undefined, rule: Parameters<typeof number>[2]) =>
    text === undefined ? undefined : text.split(",").map((part) => number(flag, part.trim(), rule)!);

  const assumptionsName = preset(values.assumptions ?? "L2", "assumptions");
  const base = DEPLOYMENT_PRESETS[assumptionsName].assumptions;
  const assumptions: PresetAssumptions = {
    ...base,
    targetLeverage: number("leverage", values.leverage, { above: 1, max: 10 }) ?? base.targetLeverage,
    tvlUsd: number("tvl-usd", values["tvl-usd"], { above: 0 }) ?? base.tvlUsd,
    gasPriceGwei: number("gas-gwei", values["gas-gwei"], { min: 0 }) ?? base.gasPriceGwei,
    gasPerRebalance: number("gas-per-rebalance", values["gas-per-rebalance"], { min: 0 }) ?? base.gasPerRebalance,
    poolDepthUsdPerPercent: number("pool-depth-usd", values["pool-depth-usd"], { above: 0 }) ?? base.poolDepthUsdPerPercent,
    poolFee: number("pool-fee", values["pool-fee"], { min: 0, max: 0.1 }) ?? base.poolFee,
    borrowApr: number("borrow-apr", values["borrow-apr"], { min: -1, max: 10 }) ?? base.borrowApr,
    annualVolatility: number("volatility", values.volatility, { min: 0, max: 10 }) ?? base.annualVolatility,
    years: number("years", values.years, { above: 0, max: 100 }) ?? base.years,
  };
  const jumpIntensity = number("jump-intensity", values["jump-intensity"], { min: 0 }) ?? 0;
  const sources = [values.scenario !== undefined, values.csv !== undefined].filter(Boolean).length;
  if (sources > 1) throw new OptionError("give at most one of --scenario and --csv");
  let scenario: ScenarioName | undefined;
  if (values.scenario !== undefined) {
    if (!SCENARIO_NAMES.includes(values.scenario as ScenarioName)) throw new OptionError(`--scenario must be one of ${SCENARIO_NAMES.join(", ")} (got "${values.scenario}")`);
    scenario = values.scenario as ScenarioName;
  }
  const paths: PathSource = {
    kind: scenario ? "scenario" : values.csv !== undefined ? "csv" : "gbm",
    count: number("paths", values.paths, { min: 1, integer: true }) ?? (command === "optimise" ? 100 : 20),
    firstSeed: number("seed", values.seed, { min: 0, integer: true }) ?? 1,
    volatility: assumptions.annualVolatility,
    drift: number("drift", values.drift, { min: -10, max: 10 }) ?? 0,
    years: assumptions.years,
    stepSeconds: (number("keeper-minutes", values["keeper-minutes"], { above: 0 }) ?? assumptions.keeperIntervalSeconds / 60) * 60,
    ...(jumpIntensity > 0
      ? {
          jumps: {
            intensity: jumpIntensity,
            meanLogJump: number("jump-mean", values["jump-mean"]) ?? -0.05,
            stdLogJump: number("jump-std", values["jump-std"], { min: 0 }) ?? 0.05,
          },
        }
      : {}),
    ...(scenario ? { scenario } : {}),
    days: number("days", values.days, { min: 1, integer: true }) ?? 30,
    ...(values.csv !== undefined ? { csvFile: values.csv } : {}),
  };
  assumptions.keeperIntervalSeconds = paths.stepSeconds;

  let band: [number, number] | undefined;
  if (values.band !== undefined) {
    const parts = values.band.split(",").map(Number);
    const target = assumptions.targetLeverage;
    if (parts.length !== 2 || parts.some((part) => !Number.isFinite(part)) || parts[0] < 1 || !(parts[0] <= target && target <= parts[1])) {
      throw new OptionError(`--band must be MIN,MAX around the target leverage ${target}, with MIN >= 1 (got "${values.band}")`);
    }
    band = [parts[0], parts[1]];
  }
  return {
    command,
    assumptionsName,
    assumptions,
    paths,
    policy: {
      preset: preset(values.preset ?? assumptionsName, "preset"),
      ...(band ? { band } : {}),
      ...(values["speed-bps"] !== undefined ? { speedBps: number("speed-bps", values["speed-bps"], { min: 1, max: 10_000, integer: true }) } : {}),
      ...(values["max-trade-fraction"] !== undefined ? { maxTradeFraction: number("max-trade-fraction", values["max-trade-fraction"], { above: 0 }) } : {}),
      cooldownSeconds: number("cooldown", values.cooldown, { min: 0, max: 86_400 }) ?? 600,
    },
    grid: {
      bandHalfWidths: list("bands", values.bands, { above: 0, max: 5 }),
      speedsBps: list("speeds", values.speeds, { min: 1, max: 10_000, integer: true }),
      tradeFractions: list("trade-fractions", values["trade-fractions"], { above: 0 }),
    },
    targetPolicy: targetPolicyKind(values.policy),
    halfLivesSeconds: (list("half-lives", values["half-lives"], { above: 0, max: 24 * 365 }) ?? [6, 12, 24, 48, 96]).map((hours) => hours * 3600),
    trackingErrorWeight: number("te-weight", values["te-weight"], { min: 0 }) ?? base.trackingErrorWeight,
    json: values.json ?? false,
    output: values.output ?? "output",
    progress: !(values["no-progress"] ?? false) && !(values.json ?? false),
  };
}

function targetPolicyKind(text: string | undefined): "fixed" | "vol-target" {
  if (text === undefined || text === "fixed" || text === "vol-target") return text ?? "fixed";
  throw new OptionError(`--policy must be fixed or vol-target (got "${text}")`);
}
