/**
 * Leverage after the collateral's price (in debt units) moves by the ratio `priceRatio`, with no
 * rebalance: `L' = L·r / (L·r − (L − 1))`. Returns `Infinity` once equity is gone
 * (`L·r ≤ L − 1`).
 *
 * @example
 * ```ts
 * import { leverageAfterPriceMove } from "@leveraged-vault/sdk";
 *
 * leverageAfterPriceMove(2, 1.1); // 1.8333... (a 2x long after +10%)
 * leverageAfterPriceMove(2, 0.9); // 2.25
 * ```
 */
export function leverageAfterPriceMove(leverage: number, priceRatio: number): number {
  if (!(leverage >= 1)) throw new RangeError(`leverage must be at least 1, got ${leverage}`);
  if (!(priceRatio > 0)) throw new RangeError(`priceRatio must be positive, got ${priceRatio}`);
  const equity = leverage * priceRatio - (leverage - 1);
  return equity <= 0 ? Infinity : (leverage * priceRatio) / equity;
}
