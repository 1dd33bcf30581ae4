/**
 * Price conversions between human prices and Uniswap v3's `sqrtPriceX96`.
 *
 * Uniswap quotes the price of token0 in token1, in raw units: `sqrtPriceX96 = sqrt(raw1 / raw0) * 2^96`.
 */

const Q192 = 2n ** 192n;

/** Integer square root (floor) of a non-negative bigint. */
export function sqrtBigInt(value: bigint): bigint {
  if (value < 0n) throw new RangeError(`sqrtBigInt: negative input ${value}`);
  if (value < 2n) return value;
  // Newton's method from an overestimate (2^ceil(bits/2)) decreases monotonically to the floor.
  let x = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  for (;;) {
    const next = (x + value / x) >> 1n;
    if (next >= x) break;
    x = next;
  }
  return x;
}

/**
 * `sqrtPriceX96` at which `amount0` raw units of token0 are worth `amount1` raw units of token1.
 */
export function sqrtPriceX96FromAmounts(amount0: bigint, amount1: bigint): bigint {
  return sqrtBigInt((amount1 * Q192) / amount0);
}

/**
 * The price of one whole base token in whole quote tokens, as a float, read from a pool's
 * `sqrtPriceX96` (`baseIsToken0` says which side the base token is).
 */
export function priceFromSqrtPriceX96(
  sqrtPriceX96: bigint,
  baseIsToken0: boolean,
  baseDecimals: number,
  quoteDecimals: number,
): number {
  const rawToken1PerToken0 = Number(sqrtPriceX96) ** 2 / 2 ** 192;
  const rawQuotePerBase = baseIsToken0 ? rawToken1PerToken0 : 1 / rawToken1PerToken0;
  return rawQuotePerBase * 10 ** (baseDecimals - quoteDecimals);
}
