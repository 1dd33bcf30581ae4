/**
 * Price impact of the vault's swaps on a Uniswap v3 pool, with the pool's own concentrated-liquidity
 * math: inside one liquidity range the pool behaves like constant-product reserves
 * `x = L/√P` (collateral) and `y = L·√P` (debt), and the fee is taken on the input, so an
 * exact-output swap pays `net / (1 − fee)`.
 *
 * Units are whole tokens (e.g. WETH and USDC), prices are debt per collateral, and the liquidity
 * `L` is in `√(collateral·debt)` units: a full-range position of 20,000 WETH and 60,000,000 USDC has
 * `L = √(20,000 · 60,000,000) ≈ 1,095,445`. On-chain `liquidity()` is in raw units:
 * divide it by `10^((collateralDecimals + debtDecimals) / 2)`.
 */

/** A pool's depth around the price the vault trades at. */
export interface PoolDepth {
  /** Swap fee as a fraction, e.g. 0.0005 for the 0.05% tier. */
  fee: number;
  /** Active liquidity `L` in `√(collateral·debt)` units; `Infinity` for a pool without impact. */
  liquidity: number;
  /**
   * Prices (debt per collateral) where the range holding `liquidity` ends; a trade that would
   * push the price past either end cannot fill. Default: full range.
   */
  priceRange?: readonly [number, number];
}

/** Why a swap cannot fill. */
export class InsufficientLiquidityError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "InsufficientLiquidityError";
  }
}

/** Checks a {@link PoolDepth}; throws a `RangeError` naming the bad field. */
export function validatePoolDepth(pool: PoolDepth): void {
  if (!(pool.fee >= 0 && pool.fee < 1)) throw new RangeError(`pool fee must be a fraction in [0, 1) (got ${pool.fee})`);
  if (!(pool.liquidity > 0)) throw new RangeError(`pool liquidity must be positive (got ${pool.liquidity})`);
  if (pool.priceRange && !(pool.priceRange[0] >= 0 && pool.priceRange[1] > pool.priceRange[0])) {
    throw new RangeError(`pool priceRange must be [low, high] with 0 <= low < high (got ${pool.priceRange.join(", ")})`);
  }
}

/**
 * Debt the pool takes for exactly `collateralOut` (the vault buys collateral), fee included, and
 * where its price ends; `sqrtPrice` is `√P` now, with `P` in debt per collateral. Throws {@link InsufficientLiquidityError} if the range cannot supply it.
 */
export function quoteBuyCollateral(pool: PoolDepth, sqrtPrice: number, collateralOut: number): { debtIn: number; sqrtPriceAfter: number } {
  if (collateralOut <= 0) return { debtIn: 0, sqrtPriceAfter: sqrtPrice };
  if (pool.liquidity === Infinity) return { debtIn: (collateralOut * sqrtPrice * sqrtPrice) / (1 - pool.fee), sqrtPriceAfter: sqrtPrice };
  const collateralReserve = pool.liquidity / sqrtPrice;
  if (collateralOut >= collateralReserve) {
    throw new InsufficientLiquidityError(`the pool holds ${collateralReserve} collateral in range, the trade wants ${collateralOut}`);
  }
  const sqrtPriceAfter = pool.liquidity / (collateralReserve - collateralOut);
  const upper = pool.priceRange?.[1];
  if (upper !== undefined && sqrtPriceAfter * sqrtPriceAfter > upper) {
    throw new InsufficientLiquidityError(`buying ${collateralOut} collateral pushes the pool past its range's upper price ${upper}`);
  }
  const netDebtIn = pool.liquidity * (sqrtPriceAfter - sqrtPrice);
  return { debtIn: netDebtIn / (1 - pool.fee), sqrtPriceAfter };
}

/**
 * Collateral the pool takes for exactly `debtOut` (the vault sells collateral), fee included, and
 * where its price ends; `sqrtPrice` is `√P` now, with `P` in debt per collateral. Throws {@link InsufficientLiquidityError} if the range cannot supply it.
 */
export function quoteSellCollateral(pool: PoolDepth, sqrtPrice: number, debtOut: number): { collateralIn: number; sqrtPriceAfter: number } {
  if (debtOut <= 0) return { collateralIn: 0, sqrtPriceAfter: sqrtPrice };
  if (pool.liquidity === Infinity) return { collateralIn: debtOut / (sqrtPrice * sqrtPrice) / (1 - pool.fee), sqrtPriceAfter: sqrtPrice };
  const debtReserve = pool.liquidity * sqrtPrice;
  if (debtOut >= debtReserve) {
    throw new InsufficientLiquidityError(`the pool holds ${debtReserve} debt tokens in range, the trade wants ${debtOut}`);
  }
  const sqrtPriceAfter = (debtReserve - debtOut) / pool.liquidity;
  const lower = pool.priceRange?.[0];
  if (lower !== undefined && sqrtPriceAfter * sqrtPriceAfter < lower) {
    throw new InsufficientLiquidityError(`selling for ${debtOut} debt pushes the pool past its range's lower price ${lower}`);
  }
  const netCollateralIn = pool.liquidity * (1 / sqrtPriceAfter - 1 / sqrtPrice);
  return { collateralIn: netCollateralIn / (1 - pool.fee), sqrtPriceAfter };
}

/**
 * The liquidity `L` for which buying collateral with `debtPerPercent` debt (before the fee) moves
 * the price up by 1%: a way to state a pool's depth as operators quote it ("$2M moves it 1%").
 */
export function liquidityForDepth(debtPerPercent: number, price: number): number {
  if (!(debtPerPercent > 0 && price > 0)) throw new RangeError(`depth and price must be positive (got ${debtPerPercent}, ${price})`);
  return debtPerPercent / (Math.sqrt(price) * (Math.sqrt(1.01) - 1));
}

/** The liquidity `L` of a full-range position holding `collateralReserve` at `price`. */
export function liquidityForFullRange(collateralReserve: number, price: number): number {
  if (!(collateralReserve > 0 && price > 0)) throw new RangeError(`reserve and price must be positive (got ${collateralReserve}, ${price})`);
  return collateralReserve * Math.sqrt(price);
}
