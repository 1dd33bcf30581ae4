import type { PricePath } from "./pricePath.js";
import { normalFrom, seededRandom } from "./seededRandom.js";

/** The demo's market scenarios. */
export const SCENARIO_NAMES = ["crash-recovery", "random-walk", "bull", "bear"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Parameters of {@link generateScenarioPath}. */
export interface ScenarioPathParameters {
  scenario: ScenarioName;
  days: number;
  seed: number;
  startPrice: number;
  /** Annualised volatility of the random part. Default 0.8 (ETH-like). */
  annualVolatility?: number;
  /** Hours between two points. Default 4. */
  stepHours?: number;
}

/** A scenario path, with the spacing of its points. */
export interface ScenarioPath extends PricePath {
  times: number[];
  prices: number[];
  stepSeconds: number;
}

/**
 * The scenario's deterministic drift per step (log-price), on top of which random noise is added.
 * crash-recovery: flat for 40% of the horizon, a 35% crash over 10%, a recovery over the next 30%.
 */
function driftAt(scenario: ScenarioName, fraction: number, steps: number): number {
  switch (scenario) {
    case "crash-recovery": {
      if (fraction >= 0.4 && fraction < 0.5) return Math.log(0.65) / (0.1 * steps);
      if (fraction >= 0.5 && fraction < 0.8) return Math.log((1 / 0.65) * 0.95) / (0.3 * steps);
      return 0;
    }
    case "bull":
      return Math.log(1.5) / steps;
    case "bear":
      return Math.log(0.6) / steps;
    case "random-walk":
      return 0;
  }
}

/**
 * The demo's seeded market scenarios (`npm start -- --scenario ...`): a drift shape plus seeded
 * noise, prices rounded to cents. The same parameters always give the same path, so the
 * backtester can replay exactly the path the demo played on the chain.
 */
export function generateScenarioPath(parameters: ScenarioPathParameters): ScenarioPath {
  if (!SCENARIO_NAMES.includes(parameters.scenario)) {
    throw new RangeError(`scenario must be one of ${SCENARIO_NAMES.join(", ")} (got "${parameters.scenario}")`);
  }
  const stepHours = parameters.stepHours ?? 4;
  const stepSeconds = stepHours * 3600;
  const steps = Math.max(1, Math.round((parameters.days * 24) / stepHours));
  const sigmaStep = (parameters.annualVolatility ?? 0.8) * Math.sqrt(stepHours / (365 * 24));
  const normal = normalFrom(seededRandom(parameters.seed));
  const times = [0];
  const prices = [parameters.startPrice];
  let logPrice = Math.log(parameters.startPrice);
  for (let i = 1; i <= steps; i++) {
    logPrice += driftAt(parameters.scenario, i / steps, steps) + sigmaStep * normal() - (sigmaStep * sigmaStep) / 2;
    times.push(i * stepSeconds);
    prices.push(Number(Math.exp(logPrice).toFixed(2)));
  }
  return { times, prices, stepSeconds };
}
