/** Seconds in the 365-day year every annualised figure of the backtester uses. */
export const SECONDS_PER_YEAR = 365 * 86_400;

/**
 * A price path: the collateral's price in debt units (e.g. ETH in USD) at increasing times.
 * The vault's keeper looks at the market once per point.
 */
export interface PricePath {
  /** Seconds since the start of the path, strictly increasing, the first one 0. */
  times: readonly number[];
  /** Price of one collateral unit in debt units at each time, positive. */
  prices: readonly number[];
}

/**
 * Checks that `path` is usable: at least two points, times strictly increasing from 0, prices
 * positive and finite. Throws a `RangeError` naming the first bad point.
 */
export function validatePricePath(path: PricePath): void {
  const { times, prices } = path;
  if (times.length !== prices.length) throw new RangeError(`a price path needs one time per price (got ${times.length} times, ${prices.length} prices)`);
  if (prices.length < 2) throw new RangeError(`a price path needs at least two points (got ${prices.length})`);
  if (times[0] !== 0) throw new RangeError(`a price path starts at time 0 (got ${times[0]})`);
  for (let i = 0; i < prices.length; i++) {
    const price = prices[i]!;
    if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`price ${i} must be a positive number (got ${price})`);
    if (i > 0 && !(times[i]! > times[i - 1]!)) throw new RangeError(`time ${i} (${times[i]}) must be after time ${i - 1} (${times[i - 1]})`);
  }
}

/** The path's length in years. */
export function pathYears(path: PricePath): number {
  return path.times[path.times.length - 1]! / SECONDS_PER_YEAR;
}

/** `Σ ln²(P_i/P_{i−1})`: the path's realised variance (σ²·T of the closed form). */
export function realisedVariance(prices: readonly number[]): number {
  let variance = 0;
  for (let i = 1; i < prices.length; i++) variance += Math.log(prices[i]! / prices[i - 1]!) ** 2;
  return variance;
}
