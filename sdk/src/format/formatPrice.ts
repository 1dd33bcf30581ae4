import { PRICE_SCALE } from "../utils/constants.js";
import { formatDecimal } from "./formatDecimal.js";

/** Options of {@link formatPrice}. */
export interface FormatPriceOptions {
  /** Decimals of the collateral token (the vault's `asset()`), e.g. 18 for WETH. */
  collateralDecimals: number;
  /** Decimals of the debt token (the vault's `debtToken()`), e.g. 6 for USDC. */
  debtDecimals: number;
  /** Digits after the decimal point. Default 2. */
  fractionDigits?: number | undefined;
  /**
   * Show the debt token's price in collateral instead (one whole debt token in whole collateral
   * tokens). For an inverse vault (collateral USDC, debt WETH) this is the ETH price in USD.
   */
  invert?: boolean | undefined;
}

/**
 * A vault oracle price (one raw collateral unit in raw debt units, scaled by 1e36: the unit of
 * `positionState.price` and of `getPosition`'s trigger and liquidation prices) as the price of one
 * whole collateral token in whole debt tokens, rounded half up. For the long WETH/USDC vault at
 * 3000 USD per ETH the raw price is `3000n * 10n ** 24n` and this returns `"3000.00"`.
 *
 * @example
 * ```ts
 * import { formatPrice } from "@leveraged-vault/sdk";
 *
 * const position = await getPosition(publicClient, { vault, user });
 * const units = { collateralDecimals: 18, debtDecimals: 6 };
 * if (position.liquidationPrice !== null) console.log(`liquidation at $${formatPrice(position.liquidationPrice, units)}`);
 * ```
 */
export function formatPrice(price: bigint, options: FormatPriceOptions): string {
  const { collateralDecimals, debtDecimals } = options;
  for (const [name, decimals] of [["collateralDecimals", collateralDecimals], ["debtDecimals", debtDecimals]] as const) {
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) {
      throw new RangeError(`${name} must be an integer from 0 to 255 (got ${decimals})`);
    }
  }
  if (price < 0n) throw new RangeError(`price must not be negative (got ${price})`);
  // whole debt per whole collateral = price · 10^collateralDecimals / (1e36 · 10^debtDecimals)
  const numerator = price * 10n ** BigInt(collateralDecimals);
  const denominator = PRICE_SCALE * 10n ** BigInt(debtDecimals);
  if (options.invert) {
    if (price === 0n) throw new RangeError("cannot invert a price of 0");
    return formatDecimal(denominator, numerator, options.fractionDigits ?? 2);
  }
  return formatDecimal(numerator, denominator, options.fractionDigits ?? 2);
}
