/**
 * Seeded market scenarios for the demo: a price path sampled every `stepHours`, from a
 * deterministic PRNG so the same seed always gives the same path.
 */

export type ScenarioName = "crash-recovery" | "random-walk" | "bull" | "bear";

export interface PricePathOptions {
  scenario: ScenarioName;
  days: number;
  seed: number;
  startPrice: number;
  /** Annualised volatility of the random part. Default 0.8 (ETH-like). */
  annualVolatility?: number;
  /** Hours between two points. Default 4. */
  stepHours?: number;
}

export interface PricePath {
  /** Seconds since the start, one per point. */
  times: number[];
  prices: number[];
  stepSeconds: number;
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform source. */
export function normalFrom(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/**
 * The scenario's deterministic drift per step (log-price), on top of which random noise is added.
 * crash-recovery: flat for 40% of the horizon, a 35% crash over 10%, a recovery over the next 30%.
 */
function driftAt(scenario: ScenarioName, fraction: number, steps: number): number {
  switch (scenario) {
    case "crash-recovery": {
      if (fraction >= 0.4 && fraction < 0.5) return Math.log(0.65) / (0.1 * steps);
      if (fraction >= 0.5 && fraction < 0.8) return Math.log(1 / 0.65 * 0.95) / (0.3 * steps);
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

export function generatePricePath(options: PricePathOptions): PricePath {
  const stepHours = options.stepHours ?? 4;
  const stepSeconds = stepHours * 3600;
  const steps = Math.max(1, Math.round((options.days * 24) / stepHours));
  const sigmaStep = (options.annualVolatility ?? 0.8) * Math.sqrt(stepHours / (365 * 24));
  const normal = normalFrom(seededRandom(options.seed));
  const times = [0];
  const prices = [options.startPrice];
  let logPrice = Math.log(options.startPrice);
  for (let i = 1; i <= steps; i++) {
    logPrice += driftAt(options.scenario, i / steps, steps) + sigmaStep * normal() - (sigmaStep * sigmaStep) / 2;
    times.push(i * stepSeconds);
    prices.push(Number(Math.exp(logPrice).toFixed(2)));
  }
  return { times, prices, stepSeconds };
}
