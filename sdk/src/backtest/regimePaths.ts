import type { PricePath } from "./pricePath.js";
import { SECONDS_PER_YEAR } from "./pricePath.js";
import { normalFrom, seededRandom } from "./seededRandom.js";

/** Parameters of {@link generateRegimeSwitchingPath}. */
export interface RegimeSwitchingPathParameters {
  seed: number;
  /** First price. */
  startPrice: number;
  /** Length in years. */
  years: number;
  /** Seconds between two points, e.g. 3600. */
  stepSeconds: number;
  /** Annualised volatility in the calm and in the stressed regime, e.g. [0.4, 1.2]. */
  volatilities: readonly [calm: number, stressed: number];
  /**
   * Switching rates per year out of each regime (a continuous-time Markov chain), e.g. [4, 12]: calm
   * spells last a quarter of a year on average, stressed ones a month. The long-run share of time in
   * the stressed regime is `rates[0] / (rates[0] + rates[1])`.
   */
  switchingRates: readonly [fromCalm: number, fromStressed: number];
  /** Annualised drift of the expected price. Default 0. */
  drift?: number;
  /** The regime at time 0 (0 calm, 1 stressed). Default 0. */
  startRegime?: 0 | 1;
}

/** A price path with the regime each step was drawn in (`regimes[i]` is the regime of the step ending at point i; `regimes[0]` the start's). */
export interface RegimePath extends PricePath {
  times: number[];
  prices: number[];
  regimes: (0 | 1)[];
}

/**
 * A seeded two-state regime-switching geometric Brownian motion: volatility is `volatilities[r]`
 * while the hidden regime `r` holds, and `r` switches with probability `1 − e^(−rate·dt)` per step.
 * Each step is `ln S_{i+1} = ln S_i + (μ − σ_r²/2)·dt + σ_r·√dt·Z`, so the expected price follows
 * the drift in either regime.
 *
 * @example
 * ```ts
 * const path = generateRegimeSwitchingPath({ seed: 1, startPrice: 3000, years: 1, stepSeconds: 3600, volatilities: [0.4, 1.2], switchingRates: [4, 12] });
 * path.regimes.filter((regime) => regime === 1).length / path.regimes.length; // about 0.25
 * ```
 */
export function generateRegimeSwitchingPath(parameters: RegimeSwitchingPathParameters): RegimePath {
  const { seed, startPrice, years, stepSeconds, volatilities, switchingRates, drift = 0, startRegime = 0 } = parameters;
  checkPathShape(startPrice, years, stepSeconds);
  volatilities.forEach((volatility, regime) => {
    if (!(volatility >= 0)) throw new RangeError(`volatilities[${regime}] must be zero or positive (got ${volatility})`);
  });
  switchingRates.forEach((rate, regime) => {
    if (!(rate >= 0)) throw new RangeError(`switchingRates[${regime}] must be zero or positive (got ${rate})`);
  });
  const steps = Math.max(1, Math.round((years * SECONDS_PER_YEAR) / stepSeconds));
  const dt = stepSeconds / SECONDS_PER_YEAR;
  const random = seededRandom(seed);
  const normal = normalFrom(random);
  const switchProbability = switchingRates.map((rate) => 1 - Math.exp(-rate * dt));
  const times = [0];
  const prices = [startPrice];
  const regimes: (0 | 1)[] = [startRegime];
  let regime: 0 | 1 = startRegime;
  let logPrice = Math.log(startPrice);
  for (let i = 1; i <= steps; i++) {
    if (random() < switchProbability[regime]!) regime = regime === 0 ? 1 : 0;
    const sigma = volatilities[regime];
    logPrice += (drift - (sigma * sigma) / 2) * dt + sigma * Math.sqrt(dt) * normal();
    times.push(i * stepSeconds);
    prices.push(Math.exp(logPrice));
    regimes.push(regime);
  }
  return { times, prices, regimes };
}

/** Parameters of {@link generateGarchPath}. */
export interface GarchPathParameters {
  seed: number;
  startPrice: number;
  years: number;
  stepSeconds: number;
  /**
   * The long-run annualised volatility `σ∞`; the per-step constant is `ω = σ∞²·dt·(1 − α − β)`, so the
   * unconditional variance of a step's log-return is `σ∞²·dt`.
   */
  longRunVolatility: number;
  /** Weight of the last squared shock, e.g. 0.08. */
  alpha: number;
  /** Weight of the last variance (persistence), e.g. 0.9; `alpha + beta < 1`. */
  beta: number;
  /** Annualised volatility the path starts at (default `longRunVolatility`). */
  startVolatility?: number;
  /** Annualised drift of the expected price. Default 0. */
  drift?: number;
}

/** A price path with each step's conditional annualised volatility (`volatilities[i]`: the step ending at point i; `[0]` the start's). */
export interface GarchPath extends PricePath {
  times: number[];
  prices: number[];
  volatilities: number[];
}

/**
 * A seeded GARCH(1,1) path: the step log-return is `ε_i = σ_i·Z_i` (plus the drift less half the
 * variance), and the next conditional variance is `σ²_{i+1} = ω + α·ε_i² + β·σ_i²`. Volatility
 * clusters: a large move raises the next steps' variance, which then decays at rate `α + β`.
 *
 * @example
 * ```ts
 * const path = generateGarchPath({ seed: 1, startPrice: 3000, years: 1, stepSeconds: 3600, longRunVolatility: 0.8, alpha: 0.08, beta: 0.9 });
 * ```
 */
export function generateGarchPath(parameters: GarchPathParameters): GarchPath {
  const { seed, startPrice, years, stepSeconds, longRunVolatility, alpha, beta, drift = 0 } = parameters;
  checkPathShape(startPrice, years, stepSeconds);
  if (!(longRunVolatility > 0)) throw new RangeError(`longRunVolatility must be positive (got ${longRunVolatility})`);
  if (!(alpha >= 0) || !(beta >= 0) || !(alpha + beta < 1)) throw new RangeError(`alpha and beta must be zero or positive with alpha + beta < 1 (got ${alpha}, ${beta})`);
  const startVolatility = parameters.startVolatility ?? longRunVolatility;
  if (!(startVolatility > 0)) throw new RangeError(`startVolatility must be positive (got ${startVolatility})`);
  const steps = Math.max(1, Math.round((years * SECONDS_PER_YEAR) / stepSeconds));
  const dt = stepSeconds / SECONDS_PER_YEAR;
  const normal = normalFrom(seededRandom(seed));
  const omega = longRunVolatility * longRunVolatility * dt * (1 - alpha - beta);
  let variance = startVolatility * startVolatility * dt;
  const times = [0];
  const prices = [startPrice];
  const volatilities = [startVolatility];
  let logPrice = Math.log(startPrice);
  for (let i = 1; i <= steps; i++) {
    const shock = Math.sqrt(variance) * normal();
    logPrice += drift * dt - variance / 2 + shock;
    times.push(i * stepSeconds);
    prices.push(Math.exp(logPrice));
    volatilities.push(Math.sqrt(variance / dt));
    variance = omega + alpha * shock * shock + beta * variance;
  }
  return { times, prices, volatilities };
}

function checkPathShape(startPrice: number, years: number, stepSeconds: number) {
  if (!(startPrice > 0)) throw new RangeError(`startPrice must be positive (got ${startPrice})`);
  if (!(years > 0)) throw new RangeError(`years must be positive (got ${years})`);
  if (!(stepSeconds > 0)) throw new RangeError(`stepSeconds must be positive (got ${stepSeconds})`);
}
