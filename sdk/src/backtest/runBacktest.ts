import { RebalanceAction, type RebalanceActionValue } from "../types.js";
import { accrueDebt, rebalanceGasCost, validateCostModel, type CostModel } from "./costModel.js";
import { SECONDS_PER_YEAR, validatePricePath, type PricePath } from "./pricePath.js";
import { decideRebalance, type IterationState } from "./rebalanceRule.js";
import {
  observeVolatility,
  policyAtTarget,
  startVolatilityEstimate,
  targetInForce,
  validateTargetPolicy,
  type TargetPolicy,
  type VolatilityEstimate,
} from "./targetPolicy.js";
import { InsufficientLiquidityError, quoteBuyCollateral, quoteSellCollateral } from "./uniswapV3Pool.js";
import { LEVERAGE_TOLERANCE, validateVaultPolicy, type VaultPolicy } from "./vaultPolicy.js";

/** The least tolerance of the emergency delever, whatever the policy (the vault's `UNBLOCKABLE_TOLERANCE_BPS`). */
const UNBLOCKABLE_TOLERANCE_BPS = 100;

/**
 * A deposit or redeem by a holder, after the keeper's pass at `step`. Both are leverage-neutral
 * and their own swap cost is the holder's (as on-chain), so they leave NAV per share where it
 * was; they matter because they change the size of later trades.
 */
export type VaultFlow =
  | { step: number; kind: "deposit"; assets: number }
  | { step: number; kind: "redeem"; fractionOfSupply: number };

/** Parameters of {@link runBacktest}. */
export interface RunBacktestParameters {
  path: PricePath;
  policy: VaultPolicy;
  costs: CostModel;
  /**
   * Equity the vault starts with, in collateral, opened at the target leverage at no cost; one
   * share per collateral unit. 0 starts empty (then `flows` must deposit at step 0).
   */
  initialEquity: number;
  flows?: readonly VaultFlow[];
  /** Keep per-step series and every rebalance (for charts and the chain comparison). Default false. */
  record?: boolean;
  /** How the target is chosen at each step (default fixed: `policy.targetLeverage`). */
  targetPolicy?: TargetPolicy;
  /**
   * The debt's borrow rate (annual) at each point: interest then accrues at the rate of the step's
   * start, and a rate-aware target reads it. Default: the cost model's `borrowApr`.
   */
  borrowRates?: readonly number[];
}

/** One rebalance the backtest made. */
export interface BacktestRebalance {
  step: number;
  action: RebalanceActionValue;
  leverageBefore: number;
  leverageAfter: number;
  /** Collateral bought (lever up) or sold (delever). */
  collateralTraded: number;
  leverUp: boolean;
}

/** What one backtest did. Amounts in debt units unless named otherwise. */
export interface BacktestResult {
  /** NAV per share in collateral after the keeper's pass at each step (with `record`). */
  navPerShare: number[];
  /** Leverage after the keeper's pass at each step (with `record`). */
  leverage: number[];
  /** The target in force at each step (with `record`). */
  targets: number[];
  /** The volatility estimate σ̂ at each step (with `record` and a vol-target policy). */
  volatilityEstimates: number[];
  /** Mean over the steps of the leverage after the keeper's pass. */
  meanLeverage: number;
  /** Every rebalance (with `record`). */
  rebalances: BacktestRebalance[];
  /** NAV per share in debt units at the end over at step 0: the holder's value multiple. */
  valueMultiple: number;
  /** Successful calls by action. */
  actionCounts: { rebalance: number; iterate: number; emergency: number };
  /** Calls that would revert (slippage bound, post-trade checks, pool out of liquidity). */
  failedRebalances: number;
  /** Why they would revert. */
  failureReasons: { slippage: number; liquidity: number; postTradeCheck: number; stalePrice: number };
  gasUsed: number;
  gasCost: number;
  /** Debt value of everything the rebalances traded, at the oracle. */
  tradedVolume: number;
  /** Pool fees the rebalances paid. */
  feesPaid: number;
  /** Price impact the rebalances paid (cost over oracle, fee excluded). */
  priceImpactPaid: number;
  /** Interest accrued on the debt, less what the collateral earned. */
  netInterestPaid: number;
  /** Emergency rewards paid out of the vault. */
  emergencyRewardsPaid: number;
  /**
   * Every cost the vault paid (fees, price impact, net interest, emergency rewards) as a log
   * drag: `Σ −ln(1 − cost / equity)` at each payment. `ln(valueMultiple / ideal) + costLogDrag`
   * is then what the policy itself did against the ideal.
   */
  costLogDrag: number;
  /** Highest leverage seen when the keeper looked (before it acted). */
  worstLeverage: number;
  /** Steps at which leverage was at or above the liquidation leverage when the keeper looked. */
  liquidationSteps: number[];
  /** Whether equity ran out (the path's last NAV is 0). */
  wipedOut: boolean;
  /** Mean equity over the path, in debt units (the TVL gas is judged against). */
  averageEquity: number;
  /** Path length in years. */
  years: number;
}

const MAX_PASSES_PER_STEP = 64;
/** Trades below this share of the collateral are float rounding, not rebalances. */
const DUST = 1e-12;

/**
 * Replays the vault's rebalance rule on a price path, with costs. At each point: interest
 * accrues; the keeper gets one look at the old price (a move the cooldown held back goes now, if
 * the price is still fresh enough for it); the price moves and arbitrageurs put the pool back on
 * it; the keeper calls `rebalance` while an action is due and allowed (the cooldown; never for an
 * emergency); then the step's flows run. Each call is the vault's own trade: an exact-output swap sized at the oracle price,
 * reverting (and counted in `failedRebalances`) when it breaks the slippage bound or the
 * post-trade checks (closer to target, no overshoot, below emergency for routine calls).
 *
 * Pure: no I/O, deterministic for its inputs.
 */
export function runBacktest(parameters: RunBacktestParameters): BacktestResult {
  const { path, policy: configured, costs, initialEquity, flows = [], record = false, targetPolicy = { kind: "fixed" }, borrowRates } = parameters;
  validatePricePath(path);
  validateVaultPolicy(configured);
  validateTargetPolicy(targetPolicy, configured);
  if (borrowRates && borrowRates.length !== path.prices.length) throw new RangeError(`borrowRates must have one rate per point (got ${borrowRates.length} for ${path.prices.length})`);
  validateCostModel(costs);
  if (!(initialEquity >= 0)) throw new RangeError(`initialEquity must be zero or positive (got ${initialEquity})`);
  const stepCount = path.prices.length;
  for (const flow of flows) {
    if (!(Number.isInteger(flow.step) && flow.step >= 0 && flow.step < stepCount)) {
      throw new RangeError(`flow step must be an integer in [0, ${stepCount - 1}] (got ${flow.step})`);
    }
    if (flow.kind === "deposit" && !(flow.assets > 0)) throw new RangeError(`a deposit's assets must be positive (got ${flow.assets})`);
    if (flow.kind === "redeem" && !(flow.fractionOfSupply > 0 && flow.fractionOfSupply <= 1)) {
      throw new RangeError(`a redeem's fractionOfSupply must be in (0, 1] (got ${flow.fractionOfSupply})`);
    }
  }
  const flowsByStep = new Map<number, VaultFlow[]>();
  for (const flow of flows) flowsByStep.set(flow.step, [...(flowsByStep.get(flow.step) ?? []), flow]);

  const { pool, gas } = costs;
  const interestAt = (step: number) => (borrowRates ? { ...costs.interest, borrowApr: borrowRates[step]! } : costs.interest);
  const interest = costs.interest;
  const volTargeting = targetPolicy.kind === "vol-target";
  const estimator = { halfLifeSeconds: targetPolicy.halfLifeSeconds ?? 1, maxLogReturn: targetPolicy.maxLogReturn ?? Infinity };
  let estimate: VolatilityEstimate | undefined = volTargeting ? startVolatilityEstimate(path.prices[0]!, 0, targetPolicy.initialVolatility ?? targetPolicy.targetVolatility! / configured.targetLeverage) : undefined;
  /** The target in force at `step` (after the step's price), and the policy with its band. */
  const targetAt = (step: number) =>
    targetInForce({ policy: targetPolicy, fixedTarget: configured.targetLeverage, estimate, now: path.times[step]!, borrowRate: borrowRates?.[step], ceilingLeverage: configured.emergencyLeverage - 1e-3 });
  let policy = policyAtTarget(configured, targetAt(0));
  let target = policy.targetLeverage;
  /**
   * The vault's bound on a trade: what the pool charges for it at the oracle price (its fee and the
   * trade's own impact), plus the slippage tolerance, never below 1% for the emergency delever.
   */
  const toleranceFactor = (emergency: boolean) =>
    1 + (emergency ? Math.max(policy.maxSlippageBps, UNBLOCKABLE_TOLERANCE_BPS) : policy.maxSlippageBps) / 10_000;

  let price = path.prices[0]!;
  let collateral = initialEquity * target;
  let debt = (collateral - initialEquity) * price;
  let supply = initialEquity;
  let poolSqrtPrice = Math.sqrt(price);
  const iteration: IterationState = { aim: 0, leverUp: false };
  let lastRebalanceAt = -Infinity;
  let priceTime = 0;
  const priceMaxAge = policy.priceMaxAgeSeconds ?? Infinity;

  const result: BacktestResult = {
    navPerShare: [],
    leverage: [],
    targets: [],
    volatilityEstimates: [],
    meanLeverage: 0,
    rebalances: [],
    valueMultiple: 1,
    actionCounts: { rebalance: 0, iterate: 0, emergency: 0 },
    failedRebalances: 0,
    failureReasons: { slippage: 0, liquidity: 0, postTradeCheck: 0, stalePrice: 0 },
    gasUsed: 0,
    gasCost: 0,
    tradedVolume: 0,
    feesPaid: 0,
    priceImpactPaid: 0,
    netInterestPaid: 0,
    emergencyRewardsPaid: 0,
    costLogDrag: 0,
    worstLeverage: 0,
    liquidationSteps: [],
    wipedOut: false,
    averageEquity: 0,
    years: path.times[stepCount - 1]! / SECONDS_PER_YEAR,
  };

  /** One `rebalance()` call; false when it would revert (state untouched). */
  const rebalanceOnce = (step: number, now: number): boolean => {
    const equity = collateral - debt / price;
    const leverage = collateral / equity;
    // The vault trades at most the pool's fee times its collateral depth at the price, `L / √price`.
    const sandwichProof = pool.liquidity === Infinity ? Infinity : (pool.fee * pool.liquidity) / Math.sqrt(price);
    const decision = decideRebalance({ collateral, equity, leverage }, iteration, policy, sandwichProof);
    // A leftover of float rounding, not a trade (the vault's WAD arithmetic has no such dust).
    if (decision.action === RebalanceAction.None || decision.collateralToTrade <= collateral * DUST) return false;
    if (decision.action !== RebalanceAction.Emergency && now < lastRebalanceAt + policy.cooldownSeconds) return false;
    // Adding risk needs a price that passes every check, its age included.
    if (decision.leverUp && now - priceTime > priceMaxAge) {
      result.failureReasons.stalePrice++;
      result.failedRebalances++;
      return false;
    }
    let nextCollateral: number;
    let nextDebt: number;
    let nextPoolSqrtPrice: number;
    let collateralTraded: number;
    let cost: number;
    let fee: number;
    let reward = 0;
    try {
      if (decision.leverUp) {
        const amountOut = decision.collateralToTrade;
        const implied = amountOut * price;
        const quote = quoteBuyCollateral(pool, poolSqrtPrice, amountOut);
        const bound = quoteBuyCollateral(pool, Math.sqrt(price), amountOut).debtIn * toleranceFactor(false);
        if (quote.debtIn > bound) throw new RangeError("slippage");
        nextCollateral = collateral + amountOut;
        nextDebt = debt + quote.debtIn;
        nextPoolSqrtPrice = quote.sqrtPriceAfter;
        collateralTraded = collateral + amountOut;
        cost = quote.debtIn - implied;
        fee = quote.debtIn * pool.fee;
      } else {
        const debtOut = Math.min(decision.collateralToTrade * price, debt);
        const implied = debtOut / price;
        const quote = quoteSellCollateral(pool, poolSqrtPrice, debtOut);
        const emergency = decision.action === RebalanceAction.Emergency;
        const bound = quoteSellCollateral(pool, Math.sqrt(price), debtOut).collateralIn * toleranceFactor(emergency);
        if (quote.collateralIn > bound) throw new RangeError("slippage");
        if (decision.action === RebalanceAction.Emergency) {
          // Priced at the oracle, as the vault does: pushing the pool cannot inflate it.
          reward = Math.min((implied * policy.emergencyRewardBps) / 10_000, policy.maxEmergencyReward);
        }
        nextCollateral = collateral - quote.collateralIn - reward;
        nextDebt = debt - debtOut;
        nextPoolSqrtPrice = quote.sqrtPriceAfter;
        collateralTraded = collateral - Math.min(collateral, implied);
        cost = (quote.collateralIn - implied) * price;
        fee = quote.collateralIn * pool.fee * price;
      }
    } catch (error) {
      if (error instanceof InsufficientLiquidityError) {
        result.failureReasons.liquidity++;
        result.failedRebalances++;
        return false;
      }
      if (error instanceof RangeError && error.message === "slippage") {
        result.failureReasons.slippage++;
        result.failedRebalances++;
        return false;
      }
      throw error;
    }
    // The vault's post-trade checks.
    const equityAfter = nextCollateral - nextDebt / price;
    const leverageAfter = equityAfter > 0 ? nextCollateral / equityAfter : Infinity;
    const leverageTraded = collateralTraded / equity;
    const closer = Math.abs(leverageAfter - target) < Math.abs(leverage - target);
    const overshot = decision.leverUp ? leverageTraded > target + LEVERAGE_TOLERANCE : leverageTraded + LEVERAGE_TOLERANCE < target;
    const aboveEmergency = decision.action !== RebalanceAction.Emergency && leverageAfter >= policy.emergencyLeverage;
    if (!closer || overshot || aboveEmergency) {
      result.failureReasons.postTradeCheck++;
      result.failedRebalances++;
      return false;
    }
    collateral = nextCollateral;
    debt = nextDebt;
    poolSqrtPrice = nextPoolSqrtPrice;
    lastRebalanceAt = now;
    iteration.aim = Math.abs(leverageTraded - decision.aim) <= LEVERAGE_TOLERANCE ? 0 : decision.aim;
    iteration.leverUp = decision.leverUp;
    if (decision.action === RebalanceAction.Emergency) result.actionCounts.emergency++;
    else if (decision.action === RebalanceAction.Iterate) result.actionCounts.iterate++;
    else result.actionCounts.rebalance++;
    result.gasUsed += gas.gasPerRebalance;
    result.gasCost += rebalanceGasCost(gas, price);
    result.tradedVolume += decision.collateralToTrade * price;
    result.feesPaid += fee;
    result.priceImpactPaid += cost - fee;
    result.emergencyRewardsPaid += reward * price;
    result.costLogDrag -= Math.log1p(-(cost + reward * price) / (equity * price));
    if (record) {
      result.rebalances.push({
        step,
        action: decision.action,
        leverageBefore: leverage,
        leverageAfter,
        collateralTraded: decision.collateralToTrade,
        leverUp: decision.leverUp,
      });
    }
    return true;
  };

  /** The keeper calls `rebalance` while an action is due and the cooldown allows it. */
  const keeperPass = (step: number, now: number) => {
    if (result.wipedOut || collateral === 0) return;
    const equity = collateral - debt / price;
    if (equity <= 0) return;
    const leverage = collateral / equity;
    const inBand = iteration.aim === 0 && leverage >= policy.minLeverage && leverage <= policy.maxLeverage && leverage < policy.emergencyLeverage;
    if (inBand) return;
    for (let pass = 0; pass < MAX_PASSES_PER_STEP && rebalanceOnce(step, now); pass++);
  };

  const runFlow = (flow: VaultFlow) => {
    const equityBefore = collateral - debt / price;
    if (flow.kind === "deposit") {
      const leverage = supply === 0 || equityBefore <= 0 ? target : collateral / equityBefore;
      const toBuy = (flow.assets * (leverage - 1)) / (1 + leverage * pool.fee);
      const { debtIn } = quoteBuyCollateral(pool, poolSqrtPrice, toBuy);
      collateral += flow.assets + toBuy;
      debt += debtIn;
      const gain = collateral - debt / price - equityBefore;
      supply += supply === 0 ? gain : (gain * supply) / equityBefore;
    } else {
      const share = flow.fractionOfSupply;
      const debtSlice = debt * share;
      quoteSellCollateral(pool, poolSqrtPrice, debtSlice); // throws if the pool cannot take the exit
      collateral -= collateral * share;
      debt -= debtSlice;
      supply -= supply * share;
    }
    // Arbitrageurs put the pool back on the oracle after each flow, as in the demo.
    poolSqrtPrice = Math.sqrt(price);
  };

  let equitySum = 0;
  let leverageSum = 0;
  let startNav = NaN;
  for (let step = 0; step < stepCount; step++) {
    const now = path.times[step]!;
    if (step > 0) {
      const seconds = now - path.times[step - 1]!;
      const previousPrice = price;
      const equityBefore = collateral - debt / previousPrice;
      const debtBefore = debt;
      debt = accrueDebt(interestAt(step - 1), debt, seconds, SECONDS_PER_YEAR);
      const collateralGrowth = interest.supplyApr === 0 ? 0 : collateral * (Math.exp((interest.supplyApr * seconds) / SECONDS_PER_YEAR) - 1);
      collateral += collateralGrowth;
      const netInterest = debt - debtBefore - collateralGrowth * previousPrice;
      result.netInterestPaid += netInterest;
      if (netInterest !== 0 && equityBefore > 0) result.costLogDrag -= Math.log1p(-netInterest / (equityBefore * previousPrice));
      // Time has passed but the price has not moved yet: a move the cooldown held back goes now.
      keeperPass(step, now);
      price = path.prices[step]!;
      priceTime = now;
      poolSqrtPrice = Math.sqrt(price);
      // The vault observes the price (the keeper's look), and the target and band follow.
      if (estimate) estimate = observeVolatility(estimate, price, now, estimator);
      if (targetPolicy.kind !== "fixed" || targetPolicy.rateAware) {
        policy = policyAtTarget(configured, targetAt(step));
        target = policy.targetLeverage;
      }
      if (!result.wipedOut && collateral > 0) {
        const equity = collateral - debt / price;
        const leverage = equity > 0 ? collateral / equity : Infinity;
        if (leverage > result.worstLeverage) result.worstLeverage = leverage;
        if (leverage >= policy.liquidationLeverage) result.liquidationSteps.push(step);
        if (equity <= 0) result.wipedOut = true;
      }
      keeperPass(step, now);
    }
    const stepFlows = flowsByStep.size === 0 ? undefined : flowsByStep.get(step);
    if (stepFlows) for (const flow of stepFlows) runFlow(flow);
    const equity = result.wipedOut ? 0 : collateral - debt / price;
    const nav = supply > 0 ? equity / supply : 0;
    if (step === 0) startNav = nav * price;
    equitySum += equity * price;
    const leverageNow = equity > 0 ? collateral / equity : Infinity;
    leverageSum += Number.isFinite(leverageNow) ? leverageNow : 0;
    if (record) {
      result.navPerShare.push(nav);
      result.leverage.push(leverageNow);
      result.targets.push(target);
      if (estimate) result.volatilityEstimates.push(Math.sqrt(estimate.variance));
    }
    if (step === stepCount - 1) result.valueMultiple = startNav > 0 ? (nav * price) / startNav : 0;
  }
  result.averageEquity = equitySum / stepCount;
  result.meanLeverage = leverageSum / stepCount;
  return result;
}
