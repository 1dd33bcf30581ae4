/**
 * `npm start`: the one-command demo on the embedded in-process chain.
 *
 *   npm start                                   # 30-day crash-and-recovery path, seed 7, the L2 preset (2x)
 *   npm start -- --preset L1                    # the L1 preset's parameters instead
 *   npm start -- --scenario random-walk --days 14 --seed 3 --leverage 3 --band 2.7,3.3 --speed-bps 5000
 *   npm start -- --keeper automation            # Chainlink Automation's registry instead of the TypeScript keeper
 *   npm start -- --market aave                  # the vault on Aave v3 instead of Morpho Blue
 *
 * Prints progress and a summary, and writes output/demo-report.json and output/demo-chart.svg.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { renderDemoChart } from "./demo-chart.js";
import { SCENARIO_NAMES, type ScenarioName } from "./price-path.js";
import { formatReport } from "./report.js";
import { DEFAULT_DEMO_OPTIONS, demoParametersFromPreset, runDemo, type DemoKeeper, type DemoOptions } from "./run-demo.js";
import { VAULT_MARKETS, type VaultMarket } from "../vault/vault-request.js";
import { PRESET_NAMES, type PresetName } from "../vault/vault-parameters.js";

const KEEPERS: DemoKeeper[] = ["typescript", "automation"];

function fail(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(3);
}

function parseOptions(argv: string[]): DemoOptions & { output: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string" },
      days: { type: "string" },
      seed: { type: "string" },
      leverage: { type: "string" },
      band: { type: "string" },
      preset: { type: "string" },
      "speed-bps": { type: "string" },
      "max-trade-size": { type: "string" },
      "step-hours": { type: "string" },
      output: { type: "string" },
      keeper: { type: "string" },
      market: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm start -- [--scenario crash-recovery|random-walk|bull|bear] [--days N] [--seed N] [--preset L1|L2] [--leverage L] [--band MIN,MAX] [--speed-bps BPS] [--max-trade-size WETH] [--step-hours H] [--keeper typescript|automation] [--market morpho|aave] [--output DIR]\n" +
        "The vault's parameters come from the L2 preset unless --preset, --leverage, --band, --speed-bps or --max-trade-size say otherwise.",
    );
    process.exit(0);
  }
  const options: DemoOptions & { output: string } = { ...DEFAULT_DEMO_OPTIONS, output: values.output ?? "output" };
  if (values.preset !== undefined) {
    if (!PRESET_NAMES.includes(values.preset as PresetName)) fail(`--preset must be one of ${PRESET_NAMES.join(", ")} (got "${values.preset}")`);
    Object.assign(options, demoParametersFromPreset(values.preset as PresetName));
  }
  if (values.scenario !== undefined) {
    if (!SCENARIO_NAMES.includes(values.scenario as ScenarioName)) fail(`--scenario must be one of ${SCENARIO_NAMES.join(", ")} (got "${values.scenario}")`);
    options.scenario = values.scenario as ScenarioName;
  }
  if (values.keeper !== undefined) {
    if (!KEEPERS.includes(values.keeper as DemoKeeper)) fail(`--keeper must be one of ${KEEPERS.join(", ")} (got "${values.keeper}")`);
    options.keeper = values.keeper as DemoKeeper;
  }
  if (values.market !== undefined) {
    if (!VAULT_MARKETS.includes(values.market as VaultMarket)) fail(`--market must be one of ${VAULT_MARKETS.join(", ")} (got "${values.market}")`);
    options.market = values.market as VaultMarket;
  }
  const positive = (name: string, text: string | undefined, integer: boolean) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) fail(`--${name} must be a positive ${integer ? "integer" : "number"} (got "${text}")`);
    return value;
  };
  options.days = positive("days", values.days, true) ?? options.days;
  options.seed = positive("seed", values.seed, true) ?? options.seed;
  options.stepHours = positive("step-hours", values["step-hours"], false) ?? options.stepHours;
  const leverage = positive("leverage", values.leverage, false);
  if (leverage !== undefined) {
    if (leverage <= 1 || leverage > 5) fail(`--leverage must be above 1 and at most 5 (got ${leverage})`);
    options.targetLeverage = leverage;
    options.band = [Math.max(1, leverage - 0.2), leverage + 0.2];
    options.preset = undefined;
  }
  const speed = positive("speed-bps", values["speed-bps"], true);
  if (speed !== undefined) {
    if (speed > 10_000) fail(`--speed-bps must be at most 10000 (got ${speed})`);
    options.recenteringSpeedBps = speed;
    options.preset = undefined;
  }
  const maxTradeSize = positive("max-trade-size", values["max-trade-size"], false);
  if (maxTradeSize !== undefined) {
    options.maxTradeSize = maxTradeSize;
    options.preset = undefined;
  }
  if (values.band !== undefined) {
    const parts = values.band.split(",").map(Number);
    if (parts.length !== 2 || parts.some((part) => !Number.isFinite(part)) || !(parts[0] <= options.targetLeverage && options.targetLeverage <= parts[1]) || parts[0] < 1) {
      fail(`--band must be MIN,MAX around the target leverage ${options.targetLeverage}, with MIN >= 1 (got "${values.band}")`);
    }
    options.band = [parts[0], parts[1]];
    options.preset = undefined;
  }
  return options;
}

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
const report = await runDemo({ ...options, onProgress: (message) => console.log(message) });
console.log("\n" + formatReport(report));

const folder = path.resolve(options.output);
await mkdir(folder, { recursive: true });
const chartFile = path.join(folder, "demo-chart.svg");
const reportFile = path.join(folder, "demo-report.json");
await writeFile(chartFile, renderDemoChart(report));
await writeFile(reportFile, JSON.stringify(report, (_key, value) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n");
console.log(`\nChart: ${path.relative(process.cwd(), chartFile)}  Report: ${path.relative(process.cwd(), reportFile)}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
