/**
 * Benchmarks for the demo's report that are pure functions of the price path: the ideal
 * continuously rebalanced L-times position (the SDK's closed form with the path's realised
 * variance) and simply holding the collateral.
 */
import { idealValueMultiples } from "@leveraged-vault/sdk/backtest";

/** Value multiple of the ideal continuously rebalanced L-times position over a price path, before costs. */
export function idealLeveragedMultiple(prices: number[], leverage: number): number[] {
  return idealValueMultiples(prices, leverage);
}

/** Value multiple of holding the collateral (1x). */
export function holdMultiple(prices: number[]): number[] {
  return prices.map((price) => price / prices[0]);
}
