import type { PricePath } from "./pricePath.js";
import { SECONDS_PER_YEAR } from "./pricePath.js";
import { normalFrom, seededRandom } from "./seededRandom.js";

/** Parameters of {@link generateGbmPath}. */
export interface GbmPathParameters {
  seed: number;
  /** First price. */
  startPrice: number;
  /** Annualised volatility of the diffusion, e.g. 0.8. */
  volatility: number;
  /** Length in years. */
  years: number;
  /** Seconds between two points (the keeper's reaction time), e.g. 3600. */
  stepSeconds: number;
  /** Annualised drift of the expected price (`E[S_T] = S_0·e^{μT}`). Default 0. */
  drift?: number;
  /**
   * Merton jumps: a Poisson number of jumps per year (`intensity`), each multiplying the price by
   * `e^J` with `J ~ N(meanLogJump, stdLogJump²)`. The drift is compensated, so jumps leave the
   * expected price unchanged. Default: none.
   */
  jumps?: { intensity: number; meanLogJump: number; stdLogJump: number };
}

/**
 * A seeded geometric Brownian motion with optional Merton jumps, sampled every `stepSeconds`:
 * `ln S_{i+1} = ln S_i + (μ − σ²/2 − λκ)·dt + σ·√dt·Z + Σ jumps`, with `κ = E[e^J] − 1`.
 *
 * @example
 * ```ts
 * const path = generateGbmPath({ seed: 1, startPrice: 3000, volatility: 0.8, years: 1, stepSeconds: 3600 });
 * path.prices.length; // 8761
 * ```
 */
export function generateGbmPath(parameters: GbmPathParameters): PricePath {
  const { seed, startPrice, volatility, years, stepSeconds, drift = 0, jumps } = parameters;
  if (!(startPrice > 0)) throw new RangeError(`startPrice must be positive (got ${startPrice})`);
  if (!(volatility >= 0)) throw new RangeError(`volatility must be zero or positive (got ${volatility})`);
  if (!(years > 0)) throw new RangeError(`years must be positive (got ${years})`);
  if (!(stepSeconds > 0)) throw new RangeError(`stepSeconds must be positive (got ${stepSeconds})`);
  if (jumps && !(jumps.intensity >= 0 && jumps.stdLogJump >= 0)) {
    throw new RangeError(`jumps need intensity >= 0 and stdLogJump >= 0 (got ${jumps.intensity}, ${jumps.stdLogJump})`);
  }
  const steps = Math.max(1, Math.round((years * SECONDS_PER_YEAR) / stepSeconds));
  const dt = stepSeconds / SECONDS_PER_YEAR;
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const jumpMean = jumps ? Math.exp(jumps.meanLogJump + jumps.stdLogJump ** 2 / 2) - 1 : 0;
  const jumpProbability = jumps ? 1 - Math.exp(-jumps.intensity * dt) : 0;
  const logDrift = (drift - (volatility * volatility) / 2 - (jumps ? jumps.intensity * jumpMean : 0)) * dt;
  const diffusion = volatility * Math.sqrt(dt);
  const times = new Array<number>(steps + 1);
  const prices = new Array<number>(steps + 1);
  times[0] = 0;
  prices[0] = startPrice;
  let logPrice = Math.log(startPrice);
  for (let i = 1; i <= steps; i++) {
    logPrice += logDrift + diffusion * normal();
    // At most one jump per step: exact in the limit of short steps, which is what keepers see.
    if (jumps && random() < jumpProbability) logPrice += jumps.meanLogJump + jumps.stdLogJump * normal();
    times[i] = i * stepSeconds;
    prices[i] = Math.exp(logPrice);
  }
  return { times, prices };
}
