import type { PoolDepth } from "./uniswapV3Pool.js";
import { validatePoolDepth } from "./uniswapV3Pool.js";

/** Interest on the lending market, as annual rates compounded continuously. */
export interface InterestModel {
  /**
   * Borrow rate on the debt: a fixed annual rate, or a function of the vault's debt (in debt
   * units) for a utilisation-based curve (Morpho's `IrmMock`: `debt / marketSupply`).
   */
  borrowApr: number | ((debt: number) => number);
  /** Rate the collateral earns where it is supplied (Morpho Blue: 0; Aave: the supply rate). */
  supplyApr: number;
}

/** The keeper's gas: paid by the keeper, not the vault, but a cost of running the product. */
export interface GasModel {
  /** Gas one rebalance transaction uses. */
  gasPerRebalance: number;
  /** Gas price in gwei. */
  gasPriceGwei: number;
  /**
   * Price of the chain's native token in debt units (e.g. ETH in USD). Default: the path's price,
   * right when the collateral is the native token (a long ETH vault).
   */
  nativeTokenPrice?: number;
}

/** Everything a backtest charges for, besides the policy itself. */
export interface CostModel {
  /** The pool the vault swaps in (fee and price impact). */
  pool: PoolDepth;
  interest: InterestModel;
  gas: GasModel;
}

/** No fee, no price impact, no interest, no gas: the frictionless benchmark of a policy. */
export const ZERO_COSTS: CostModel = Object.freeze({
  pool: Object.freeze({ fee: 0, liquidity: Infinity }),
  interest: Object.freeze({ borrowApr: 0, supplyApr: 0 }),
  gas: Object.freeze({ gasPerRebalance: 0, gasPriceGwei: 0 }),
}) as CostModel;

/** Checks a {@link CostModel}; throws a `RangeError` naming the bad field. */
export function validateCostModel(costs: CostModel): void {
  validatePoolDepth(costs.pool);
  if (typeof costs.interest.borrowApr === "number" && !Number.isFinite(costs.interest.borrowApr)) {
    throw new RangeError(`interest.borrowApr must be a finite number (got ${costs.interest.borrowApr})`);
  }
  if (!Number.isFinite(costs.interest.supplyApr)) throw new RangeError(`interest.supplyApr must be a finite number (got ${costs.interest.supplyApr})`);
  if (!(costs.gas.gasPerRebalance >= 0)) throw new RangeError(`gas.gasPerRebalance must be zero or positive (got ${costs.gas.gasPerRebalance})`);
  if (!(costs.gas.gasPriceGwei >= 0)) throw new RangeError(`gas.gasPriceGwei must be zero or positive (got ${costs.gas.gasPriceGwei})`);
  if (costs.gas.nativeTokenPrice !== undefined && !(costs.gas.nativeTokenPrice > 0)) {
    throw new RangeError(`gas.nativeTokenPrice must be positive (got ${costs.gas.nativeTokenPrice})`);
  }
}

/** Cost of one rebalance's gas in debt units, with the collateral at `price`. */
export function rebalanceGasCost(gas: GasModel, price: number): number {
  return gas.gasPerRebalance * gas.gasPriceGwei * 1e-9 * (gas.nativeTokenPrice ?? price);
}

/** Debt after `seconds` of interest at the model's borrow rate. */
export function accrueDebt(interest: InterestModel, debt: number, seconds: number, secondsPerYear: number): number {
  const apr = typeof interest.borrowApr === "number" ? interest.borrowApr : interest.borrowApr(debt);
  return apr === 0 ? debt : debt * Math.exp((apr * seconds) / secondsPerYear);
}
