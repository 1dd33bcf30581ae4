/**
 * The demo's run replayed by the SDK's backtester: the same price path, the same vault parameters
 * and flows, and the local stack's costs (its pool's fee and liquidity, the lending market's
 * utilisation-based interest). Pure: the chain facts come in from the demo's report.
 */
import { runBacktest, ZERO_COSTS, type BacktestResult, type CostModel, type PricePath, type VaultFlow, type VaultPolicy } from "@leveraged-vault/sdk/backtest";

/** What the backtester needs to know about the demo's chain, read once by the demo. */
export interface DemoChainFacts {
  /** The vault's risk parameters as read from the chain. */
  policy: VaultPolicy;
  /** Deposits and redeems, in order. */
  flows: VaultFlow[];
  /** Pool fee as a fraction. */
  poolFee: number;
  /** The pool's liquidity in √(WETH·USDC) units (full range on the local stack, so constant). */
  poolLiquidity: number;
  /** USDC supplied to the lending market's USDC side. */
  lendingSupply: number;
  /**
   * The borrow APR per unit of utilisation (`borrowed / supplied`): 1 for Morpho's `IrmMock`, Aave's
   * `slope1 / optimal usage` below its kink. Absent in reports written before the Aave demo: 1.
   */
  borrowAprPerUtilisation?: number;
}

/** The local stack's costs: pool fee and impact, and the lending market's utilisation-based borrow rate. No gas in NAV. */
export function demoCostModel(facts: DemoChainFacts): CostModel {
  return {
    pool: { fee: facts.poolFee, liquidity: facts.poolLiquidity },
    interest: { borrowApr: (debt: number) => ((facts.borrowAprPerUtilisation ?? 1) * debt) / facts.lendingSupply, supplyApr: 0 },
    gas: { gasPerRebalance: 0, gasPriceGwei: 0 },
  };
}

/** The demo replayed with its costs and without: NAV per share at every sample, and what the policy did. */
export function replayDemo(path: PricePath, facts: DemoChainFacts): { withCosts: BacktestResult; frictionless: BacktestResult } {
  const common = { path, policy: facts.policy, initialEquity: 0, flows: facts.flows, record: true };
  return {
    withCosts: runBacktest({ ...common, costs: demoCostModel(facts) }),
    frictionless: runBacktest({ ...common, costs: ZERO_COSTS }),
  };
}
