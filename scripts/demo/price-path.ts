/**
 * The demo's seeded market scenarios. The generator lives in the SDK's backtester, so the demo and
 * a backtest replay exactly the same path.
 */
import { generateScenarioPath, type ScenarioName, type ScenarioPath, type ScenarioPathParameters } from "@leveraged-vault/sdk/backtest";

export { SCENARIO_NAMES } from "@leveraged-vault/sdk/backtest";
export type { ScenarioName };
export type PricePathOptions = ScenarioPathParameters;
export type PricePath = ScenarioPath;

/** The scenario's path (see `generateScenarioPath`). */
export function generatePricePath(options: PricePathOptions): PricePath {
  return generateScenarioPath(options);
}
