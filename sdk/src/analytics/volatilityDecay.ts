/** Parameters of {@link volatilityDecay}. */
export interface VolatilityDecayParameters {
  /** Constant leverage held, e.g. 2. */
  leverage: number;
  /** Annualised volatility of the collateral's price in debt units, e.g. 0.8 for 80%. */
  volatility: number;
  /** Holding period in years. */
  years: number;
  /** End price over start price of the collateral in debt units (`S_T / S_0`). Default 1 (flat). */
  priceRatio?: number | undefined;
}

/** What continuous rebalancing to constant leverage returns, and what volatility costs it. */
export interface VolatilityDecayReturnType {
  /** `exp(−(L² − L)·σ²·T / 2)`: the factor volatility multiplies the value by (≤ 1 for L ≥ 1). */
  decayFactor: number;
  /** `(S_T/S_0)^L`: the value ratio with no volatility along the way (a smooth path). */
  idealValueRatio: number;
  /** `idealValueRatio − 1`. */
  idealReturn: number;
  /** `(S_T/S_0)^L · decayFactor`: the value ratio expected for this volatility. */
  valueRatio: number;
  /** `valueRatio − 1`. */
  expectedReturn: number;
  /** `L · (S_T/S_0 − 1)`: what a naive "L times the move" reading would promise. */
  naiveReturn: number;
}

/**
 * Volatility decay of a constant-leverage position over a holding period, in closed form (a
 * geometric Brownian motion rebalanced continuously):
 * `V_T / V_0 = (S_T / S_0)^L · exp(−(L² − L)·σ²·T / 2)`.
 *
 * @example
 * ```ts
 * import { volatilityDecay } from "@leveraged-vault/sdk";
 *
 * // 2x for one year at 80% volatility on a flat price keeps exp(-0.64) ≈ 52.7% of the value.
 * volatilityDecay({ leverage: 2, volatility: 0.8, years: 1 }).decayFactor; // 0.5272...
 * ```
 */
export function volatilityDecay(parameters: VolatilityDecayParameters): VolatilityDecayReturnType {
  const { leverage, volatility, years } = parameters;
  const priceRatio = parameters.priceRatio ?? 1;
  if (!(priceRatio > 0)) throw new RangeError(`priceRatio must be positive, got ${priceRatio}`);
  if (!(volatility >= 0) || !(years >= 0)) throw new RangeError("volatility and years must be non-negative");
  const decayFactor = Math.exp((-(leverage * leverage - leverage) * volatility * volatility * years) / 2);
  const idealValueRatio = priceRatio ** leverage;
  const valueRatio = idealValueRatio * decayFactor;
  return {
    decayFactor,
    idealValueRatio,
    idealReturn: idealValueRatio - 1,
    valueRatio,
    expectedReturn: valueRatio - 1,
    naiveReturn: leverage * (priceRatio - 1),
  };
}
