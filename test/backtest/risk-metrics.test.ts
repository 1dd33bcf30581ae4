import { expect } from "chai";

import { dragAgainstConstantExposure, maxDrawdown, periodReturns, quantile, sharpeRatio, runBacktest, generateGbmPath, ZERO_COSTS, pathDecay, type VaultPolicy } from "@leveraged-vault/sdk";

import { expectNear } from "./expect-near.js";

describe("backtester: risk metrics", function () {
  it("quantile interpolates between order statistics", function () {
    expect(quantile([3, 1, 2, 4, 5], 0)).to.equal(1);
    expect(quantile([3, 1, 2, 4, 5], 1)).to.equal(5);
    expect(quantile([3, 1, 2, 4, 5], 0.5)).to.equal(3);
    expectNear(quantile([0, 10], 0.01), 0.1, 1e-12);
    expect(() => quantile([], 0.5)).to.throw(RangeError, "at least one value");
    expect(() => quantile([1], 1.5)).to.throw(RangeError, "q must be in [0, 1] (got 1.5)");
  });

  it("maximum drawdown is the largest fall from a running peak", function () {
    expect(maxDrawdown([1, 2, 1, 3, 1.5, 2.5])).to.equal(0.5);
    expect(maxDrawdown([1, 1.1, 1.2])).to.equal(0);
  });

  it("period returns and the annualised Sharpe ratio", function () {
    expect(periodReturns([1, 2, 3, 6, 3], 2)).to.deep.equal([2, 0]);
    expectNear(sharpeRatio([0.01, 0.03], 365), (0.02 / Math.sqrt(0.0002)) * Math.sqrt(365), 1e-9);
    expect(sharpeRatio([0.01], 365)).to.equal(0);
  });

  it("the drag against constant exposure of a vault rebalanced at every step is its volatility decay (L²−L)σ²T/2 per year", function () {
    const path = generateGbmPath({ seed: 9, startPrice: 3000, volatility: 0.8, years: 1, stepSeconds: 3153.6 });
    const policy: VaultPolicy = { targetLeverage: 2, minLeverage: 2, maxLeverage: 2, emergencyLeverage: 3, recenteringSpeedBps: 10_000, maxTradeSize: Infinity, cooldownSeconds: 0, maxSlippageBps: Infinity, emergencyRewardBps: 0, maxEmergencyReward: 0, liquidationLeverage: 100 };
    const result = runBacktest({ path, policy, costs: ZERO_COSTS, initialEquity: 1 });
    const priceMultiple = path.prices.at(-1)! / path.prices[0]!;
    const drag = dragAgainstConstantExposure({ valueMultiple: result.valueMultiple, priceMultiple, leverage: 2, years: 1 });
    const { realisedVariance } = pathDecay({ leverage: 2, prices: path.prices });
    expectNear(drag, ((4 - 2) * realisedVariance) / 2, 0.01);
  });
});
