/**
 * Risk figures of value paths, pure: one-day loss quantiles, maximum drawdown, Sharpe ratio and the
 * drag against a constant-exposure line. The target-risk bench compares policies with them.
 */

/** The `q`-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("quantile needs at least one value");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1] (got ${q})`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The largest fall from a running peak, as a fraction of the peak (0.3: a 30% drawdown). */
export function maxDrawdown(values: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const value of values) {
    if (value > peak) peak = value;
    if (peak > 0) worst = Math.max(worst, 1 - value / peak);
  }
  return worst;
}

/** Simple returns between consecutive values taken every `every` points. */
export function periodReturns(values: readonly number[], every: number): number[] {
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`every must be a positive integer (got ${every})`);
  const returns: number[] = [];
  for (let i = every; i < values.length; i += every) returns.push(values[i]! / values[i - every]! - 1);
  return returns;
}

/** Annualised Sharpe ratio of periodic returns (no risk-free rate): `mean / sd · √(periods per year)`. */
export function sharpeRatio(returns: readonly number[], periodsPerYear: number): number {
  if (returns.length < 2) return 0;
  const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
  return variance === 0 ? 0 : (mean / Math.sqrt(variance)) * Math.sqrt(periodsPerYear);
}

/**
 * What a leveraged position lost against a constant exposure of `leverage` times the price's log
 * return, per year: `(L·ln(S_T/S_0) − ln(V_T/V_0)) / years`. For a vault held at constant leverage
 * `L` without costs this is its volatility decay `(L² − L)·σ²/2`; costs add to it.
 */
export function dragAgainstConstantExposure(parameters: { valueMultiple: number; priceMultiple: number; leverage: number; years: number }): number {
  const { valueMultiple, priceMultiple, leverage, years } = parameters;
  if (!(years > 0)) throw new RangeError(`years must be positive (got ${years})`);
  return (leverage * Math.log(priceMultiple) - Math.log(Math.max(valueMultiple, Number.MIN_VALUE))) / years;
}
