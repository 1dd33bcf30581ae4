/**
 * Benchmarks for the demo's report: the ideal continuously rebalanced L-times position on the same
 * path, and simply holding the collateral. Both are pure functions of the price path.
 */

/**
 * Value multiple of an ideal continuously rebalanced L-times position over a price path, before
 * costs: `(S_T/S_0)^L · exp(−(L²−L)/2 · Σ (ln S_i/S_{i−1})²)` — the closed form with the path's
 * realised variance in place of σ²T.
 */
export function idealLeveragedMultiple(prices: number[], leverage: number): number[] {
  const multiples = [1];
  let realisedVariance = 0;
  for (let i = 1; i < prices.length; i++) {
    const logReturn = Math.log(prices[i] / prices[i - 1]);
    realisedVariance += logReturn * logReturn;
    const priceMultiple = prices[i] / prices[0];
    multiples.push(priceMultiple ** leverage * Math.exp((-(leverage * leverage - leverage) / 2) * realisedVariance));
  }
  return multiples;
}

/** Value multiple of holding the collateral (1x). */
export function holdMultiple(prices: number[]): number[] {
  return prices.map((price) => price / prices[0]);
}

/**
 * Value multiple of a frictionless vault with the same band: leverage drifts with the price and is
 * reset to `target` whenever a step ends outside `[low, high]` — what the real vault does, minus
 * swap fees, price impact and interest. The gap to `idealLeveragedMultiple` is the band's own
 * tracking error; the gap from the real vault to this model is the vault's execution cost.
 */
export function bandRebalancedMultiple(prices: number[], target: number, [low, high]: [number, number]): number[] {
  let collateral = target;
  let debt = (target - 1) * prices[0];
  const multiples = [1];
  for (let i = 1; i < prices.length; i++) {
    const price = prices[i];
    const equity = collateral - debt / price;
    const leverage = collateral / equity;
    if (leverage < low || leverage > high) {
      collateral = target * equity;
      debt = (collateral - equity) * price;
    }
    multiples.push(((collateral - debt / price) * price) / prices[0]);
  }
  return multiples;
}
