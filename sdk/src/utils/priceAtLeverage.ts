import { PRICE_SCALE, WAD } from "./constants.js";

/**
 * The oracle price (1e36 scale) at which a position of `collateral` and `debt` (raw units) has
 * leverage `leverage` (WAD). From `L = C·P / (C·P − D)`: `P(L) = D·L / (C·(L − 1))`.
 *
 * Leverage rises as `P` (the collateral's price in debt units) falls. Returns `null` when the
 * answer does not exist: no debt (leverage is 1x at every price), no collateral, or `leverage <= 1x`.
 *
 * @example
 * ```ts
 * // 2 WETH collateral, 3000 USDC debt: 2x at 3000 USDC/WETH, so 3x at 2250.
 * priceAtLeverage(2n * 10n ** 18n, 3000n * 10n ** 6n, 3n * 10n ** 18n); // 2250e6 * 1e36 / 1e18
 * ```
 */
export function priceAtLeverage(collateral: bigint, debt: bigint, leverage: bigint): bigint | null {
  if (debt === 0n || collateral === 0n || leverage <= WAD) return null;
  return (debt * leverage * PRICE_SCALE) / (collateral * (leverage - WAD));
}
