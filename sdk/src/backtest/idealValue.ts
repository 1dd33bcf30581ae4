import { realisedVariance } from "./pricePath.js";

/**
 * Value multiples of the ideal continuously rebalanced L-times position along a path, before
 * costs: `(S_t/S_0)^L · exp(−(L²−L)/2 · Σ ln²(S_i/S_{i−1}))` at each point — the closed form
 * `(S_T/S_0)^L · exp(−(L²−L)·σ²T/2)` with the path's realised variance in place of `σ²T`.
 */
export function idealValueMultiples(prices: readonly number[], leverage: number): number[] {
  const multiples = [1];
  let variance = 0;
  for (let i = 1; i < prices.length; i++) {
    variance += Math.log(prices[i]! / prices[i - 1]!) ** 2;
    multiples.push((prices[i]! / prices[0]!) ** leverage * Math.exp((-(leverage * leverage - leverage) / 2) * variance));
  }
  return multiples;
}

/** The last of {@link idealValueMultiples}, without the intermediate array. */
export function idealValueMultiple(prices: readonly number[], leverage: number): number {
  return (prices[prices.length - 1]! / prices[0]!) ** leverage * Math.exp((-(leverage * leverage - leverage) / 2) * realisedVariance(prices));
}
