/** Parameters of {@link rebalanceTriggerRatios}. */
export interface RebalanceTriggerRatiosParameters {
  /** Current leverage, e.g. 2. */
  leverage: number;
  /** Band floor: below it the vault levers up. */
  minLeverage: number;
  /** Band ceiling: above it the vault delevers. */
  maxLeverage: number;
  /** Emergency threshold (optional). */
  emergencyLeverage?: number | undefined;
  /** Liquidation leverage of the lending market (optional). */
  liquidationLeverage?: number | undefined;
}

/**
 * Price ratios `r = P_trigger / P_now` (collateral in debt units) at which leverage hits each bound.
 * `null` where the bound is never reached (e.g. at 1x, or a floor of 1x).
 */
export interface RebalanceTriggerRatiosReturnType {
  /** Ratio (> 1) at which leverage falls to `minLeverage`: the vault levers up. */
  leverUp: number | null;
  /** Ratio (< 1) at which leverage reaches `maxLeverage`: the vault delevers. */
  delever: number | null;
  /** Ratio at which leverage reaches `emergencyLeverage`. */
  emergency: number | null;
  /** Ratio at which leverage reaches `liquidationLeverage`. */
  liquidation: number | null;
}

/**
 * The price ratio at which leverage `L` becomes `target`, solving `target = L·r / (L·r − (L − 1))`
 * for `r`: `r = target·(L − 1) / (L·(target − 1))`. `null` when it does not exist.
 *
 * @example
 * ```ts
 * import { priceRatioForLeverage } from "@leveraged-vault/sdk";
 *
 * priceRatioForLeverage(2, 2.25); // 0.9: a 2x long reaches 2.25x after a 10% drop
 * ```
 */
export function priceRatioForLeverage(leverage: number, target: number): number | null {
  if (!(leverage > 1) || !(target > 1)) return null;
  return (target * (leverage - 1)) / (leverage * (target - 1));
}

/**
 * Rebalance trigger prices as ratios of the current price, from the current leverage and the band.
 * For a long vault (collateral WETH) `r` is the ETH price ratio; for an inverse vault (collateral
 * USDC, debt WETH) the collateral price is 1/ETH, so ETH must move by `1/r`.
 *
 * @example
 * ```ts
 * import { rebalanceTriggerRatios } from "@leveraged-vault/sdk";
 *
 * rebalanceTriggerRatios({ leverage: 2, minLeverage: 1.8, maxLeverage: 2.2 });
 * // { leverUp: 1.125, delever: 0.9166..., emergency: null, liquidation: null }
 * ```
 */
export function rebalanceTriggerRatios(parameters: RebalanceTriggerRatiosParameters): RebalanceTriggerRatiosReturnType {
  const { leverage, minLeverage, maxLeverage, emergencyLeverage, liquidationLeverage } = parameters;
  return {
    leverUp: priceRatioForLeverage(leverage, minLeverage),
    delever: priceRatioForLeverage(leverage, maxLeverage),
    emergency: emergencyLeverage === undefined ? null : priceRatioForLeverage(leverage, emergencyLeverage),
    liquidation: liquidationLeverage === undefined ? null : priceRatioForLeverage(leverage, liquidationLeverage),
  };
}
