/**
 * `@leveraged-vault/sdk/backtest`: a pure backtester of the vault's rebalance rule (band,
 * recentering speed, maximum trade size with iteration and cooldown, emergency with its capped
 * reward) on price paths, with the pool's fee and concentrated-liquidity price impact, interest
 * and keeper gas; per-path metrics against the continuously rebalanced ideal; and an optimiser
 * over band × recentering × trade size. No I/O: it runs the same in Node, a browser or a test.
 */
export { SECONDS_PER_YEAR, pathYears, realisedVariance, validatePricePath, type PricePath } from "./pricePath.js";
export { normalFrom, seededRandom } from "./seededRandom.js";
export { generateGbmPath, type GbmPathParameters } from "./gbmPath.js";
export {
  generateGarchPath,
  generateRegimeSwitchingPath,
  type GarchPath,
  type GarchPathParameters,
  type RegimePath,
  type RegimeSwitchingPathParameters,
} from "./regimePaths.js";
export { SCENARIO_NAMES, generateScenarioPath, type ScenarioName, type ScenarioPath, type ScenarioPathParameters } from "./scenarioPath.js";
export { parsePriceCsv } from "./parsePriceCsv.js";
export {
  InsufficientLiquidityError,
  liquidityForDepth,
  liquidityForFullRange,
  quoteBuyCollateral,
  quoteSellCollateral,
  validatePoolDepth,
  type PoolDepth,
} from "./uniswapV3Pool.js";
export { ZERO_COSTS, accrueDebt, rebalanceGasCost, validateCostModel, type CostModel, type GasModel, type InterestModel } from "./costModel.js";
export { LEVERAGE_TOLERANCE, policyFromRiskParameters, validateVaultPolicy, type RiskParametersInput, type VaultPolicy } from "./vaultPolicy.js";
export { decideRebalance, recenteredLeverage, type IterationState, type RuleDecision, type RuleSnapshot } from "./rebalanceRule.js";
export { runBacktest, type BacktestRebalance, type BacktestResult, type RunBacktestParameters, type VaultFlow } from "./runBacktest.js";
export { idealValueMultiple, idealValueMultiples } from "./idealValue.js";
export {
  evaluatePath,
  evaluatePolicy,
  summarisePaths,
  type EvaluatePolicyParameters,
  type PathOutcome,
  type PolicyMetrics,
} from "./evaluatePolicy.js";
export {
  DEFAULT_POLICY_GRID,
  optimisePolicy,
  paretoFrontier,
  policyForChoice,
  type OptimisePolicyParameters,
  type OptimisePolicyReturnType,
  type PolicyCandidate,
  type PolicyChoice,
  type PolicyGrid,
} from "./optimisePolicy.js";
export {
  observeVolatility,
  policyAtTarget,
  startVolatilityEstimate,
  targetInForce,
  validateTargetPolicy,
  type TargetPolicy,
  type VolatilityEstimate,
  type VolatilityEstimatorParameters,
} from "./targetPolicy.js";
export { dragAgainstConstantExposure, maxDrawdown, periodReturns, quantile, sharpeRatio } from "./riskMetrics.js";
