/** Parameters of {@link pathDecay}. */
export interface PathDecayParameters {
  /** Constant leverage restored after every step, e.g. 2. */
  leverage: number;
  /** Prices of the collateral in debt units at each rebalance (e.g. daily closes), at least two. */
  prices: readonly number[];
}

/** A position rebalanced along a price path, against the closed form. */
export interface PathDecayReturnType {
  /** `V_T / V_0` when leverage is restored to `L` after every step: `Π (1 + L·(P_i/P_{i−1} − 1))`. */
  discreteValueRatio: number;
  /** `(S_T/S_0)^L · exp(−(L² − L)·Σ ln²(P_i/P_{i−1}) / 2)`: the closed form with the path's realised variance. */
  closedFormValueRatio: number;
  /** `(S_T/S_0)^L`: the value ratio of a path with no volatility. */
  idealValueRatio: number;
  /** `discreteValueRatio / idealValueRatio`: the decay the path actually caused. */
  decayFactor: number;
  /** `Σ ln²(P_i/P_{i−1})`: realised variance of the whole path (σ²·T). */
  realisedVariance: number;
}

/**
 * Decay along a given price path: the value of a position rebalanced to constant leverage at every
 * step (discrete, e.g. daily), next to the closed form evaluated with the path's realised variance.
 * A position whose leverage would pass 100% loss within one step (`L·(r − 1) ≤ −1`) is wiped out.
 *
 * @example
 * ```ts
 * import { pathDecay } from "@leveraged-vault/sdk";
 *
 * // Up 10% then back: the price ends flat but 2x lost 1.8%.
 * pathDecay({ leverage: 2, prices: [100, 110, 100] }).discreteValueRatio; // 1.2 * (1 - 2/11) = 0.9818...
 * ```
 */
export function pathDecay(parameters: PathDecayParameters): PathDecayReturnType {
  const { leverage, prices } = parameters;
  if (prices.length < 2) throw new RangeError("a path needs at least two prices");
  if (prices.some((price) => !(price > 0))) throw new RangeError("prices must be positive");
  let discreteValueRatio = 1;
  let realisedVariance = 0;
  for (let i = 1; i < prices.length; i++) {
    const ratio = prices[i]! / prices[i - 1]!;
    discreteValueRatio = Math.max(0, discreteValueRatio * (1 + leverage * (ratio - 1)));
    realisedVariance += Math.log(ratio) ** 2;
  }
  const idealValueRatio = (prices[prices.length - 1]! / prices[0]!) ** leverage;
  const closedFormValueRatio = idealValueRatio * Math.exp((-(leverage * leverage - leverage) * realisedVariance) / 2);
  return {
    discreteValueRatio,
    closedFormValueRatio,
    idealValueRatio,
    decayFactor: discreteValueRatio / idealValueRatio,
    realisedVariance,
  };
}
