import { expect } from "chai";

import {
  SECONDS_PER_YEAR,
  ZERO_COSTS,
  generateGbmPath,
  pathDecay,
  realisedVariance,
  runBacktest,
  type VaultPolicy,
} from "@leveraged-vault/sdk";

/** The bar for the continuous limit. */
const RELATIVE_TOLERANCE = 1e-3;
const STEPS = 10_000;
const VOLATILITY = 0.8;
const YEARS = 1;

/** Rebalance whenever leverage is off target at all, all the way, with no cap, cooldown or slippage bound. */
function everyStepPolicy(leverage: number): VaultPolicy {
  return {
    targetLeverage: leverage,
    minLeverage: leverage,
    maxLeverage: leverage,
    emergencyLeverage: leverage + 1,
    recenteringSpeedBps: 10_000,
    maxTradeSize: Infinity,
    cooldownSeconds: 0,
    maxSlippageBps: Infinity,
    emergencyRewardBps: 0,
    maxEmergencyReward: 0,
    liquidationLeverage: 100,
  };
}

function gbm(seed: number) {
  return generateGbmPath({ seed, startPrice: 3000, volatility: VOLATILITY, years: YEARS, stepSeconds: (YEARS * SECONDS_PER_YEAR) / STEPS });
}

describe("backtester: the continuous limit (no costs, a rebalance at every one of 10,000 steps)", function () {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: a 2x vault ends at (S_T/S_0)^L·exp(−(L²−L)σ²T/2) within ${RELATIVE_TOLERANCE} relative, σ²T the path's realised variance`, function () {
      const path = gbm(seed);
      const leverage = 2;
      const result = runBacktest({ path, policy: everyStepPolicy(leverage), costs: ZERO_COSTS, initialEquity: 1 });
      const variance = realisedVariance(path.prices);
      const closedForm = (path.prices[STEPS] / path.prices[0]) ** leverage * Math.exp((-(leverage * leverage - leverage) * variance) / 2);

      expect(result.actionCounts.rebalance).to.equal(STEPS);
      expect(result.failedRebalances).to.equal(0);
      expect(Math.abs(result.valueMultiple / closedForm - 1)).to.be.below(RELATIVE_TOLERANCE);
    });
  }

  it("the generated paths carry the volatility asked for: realised variance within four standard errors of σ²T", function () {
    const expected = VOLATILITY * VOLATILITY * YEARS;
    const standardError = expected * Math.sqrt(2 / STEPS);
    for (const seed of [1, 2, 3, 4, 5]) expect(Math.abs(realisedVariance(gbm(seed).prices) - expected)).to.be.below(4 * standardError);
  });

  it("at any leverage the replay is exactly the discrete product Π(1 + L·r_i): what is left against the closed form is discretisation", function () {
    const path = gbm(7);
    for (const leverage of [1.5, 2, 3]) {
      const result = runBacktest({ path, policy: everyStepPolicy(leverage), costs: ZERO_COSTS, initialEquity: 1 });
      const { discreteValueRatio } = pathDecay({ leverage, prices: path.prices });
      expect(Math.abs(result.valueMultiple / discreteValueRatio - 1)).to.be.below(1e-9);
    }
  });
});
