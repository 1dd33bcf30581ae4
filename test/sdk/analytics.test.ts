import { expect } from "chai";
import fc from "fast-check";

import {
  leverageAfterPriceMove,
  pathDecay,
  priceAtLeverage,
  priceRatioForLeverage,
  rebalanceTriggerRatios,
  volatilityDecay,
} from "../../sdk/src/index.js";

const close = (a: number, b: number, tolerance = 1e-12) => expect(Math.abs(a - b), `${a} vs ${b}`).to.be.below(tolerance);

describe("sdk analytics", function () {
  describe("volatilityDecay", function () {
    it("1x has no decay at any volatility", function () {
      close(volatilityDecay({ leverage: 1, volatility: 0.8, years: 3 }).decayFactor, 1);
    });

    it("2x at 80% volatility for a year on a flat price keeps exp(-0.64)", function () {
      const result = volatilityDecay({ leverage: 2, volatility: 0.8, years: 1 });
      close(result.decayFactor, Math.exp(-0.64));
      close(result.valueRatio, Math.exp(-0.64));
      close(result.idealReturn, 0);
    });

    it("the ideal value ratio is the price ratio to the power L, and the expected one adds the decay", function () {
      const result = volatilityDecay({ leverage: 3, volatility: 0.5, years: 0.5, priceRatio: 1.2 });
      close(result.idealValueRatio, 1.2 ** 3);
      close(result.valueRatio, 1.2 ** 3 * Math.exp((-(9 - 3) * 0.25 * 0.5) / 2));
      close(result.naiveReturn, 3 * 0.2);
    });

    it("no volatility means no decay", function () {
      close(volatilityDecay({ leverage: 2, volatility: 0, years: 1, priceRatio: 0.7 }).decayFactor, 1);
    });
  });

  describe("pathDecay", function () {
    it("up 10% then back down costs a 2x position 1.8% on a flat price", function () {
      const result = pathDecay({ leverage: 2, prices: [100, 110, 100] });
      close(result.discreteValueRatio, 1.2 * (1 - 2 / 11));
      close(result.idealValueRatio, 1);
    });

    it("a 1x position tracks the price exactly along any path", function () {
      close(pathDecay({ leverage: 1, prices: [100, 101, 103, 99, 120] }).discreteValueRatio, 1.2);
    });

    it("daily rebalancing along a small-step path approaches the closed form", function () {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -0.01, max: 0.01, noNaN: true }), { minLength: 50, maxLength: 300 }), (steps) => {
          const prices = [100];
          for (const step of steps) prices.push(prices[prices.length - 1]! * Math.exp(step));
          const result = pathDecay({ leverage: 2, prices });
          // Discrete and continuous differ by third-order terms: |ln r|^3 per step.
          const bound = steps.reduce((sum, step) => sum + Math.abs(step) ** 3, 0) * 4 + 1e-12;
          return Math.abs(Math.log(result.discreteValueRatio / result.closedFormValueRatio)) <= bound;
        }),
        { seed: 42, numRuns: 100 },
      );
    });

    it("a step that would lose more than everything wipes the position out", function () {
      expect(pathDecay({ leverage: 3, prices: [100, 60, 120] }).discreteValueRatio).to.equal(0);
    });
  });

  describe("leverageAfterPriceMove", function () {
    it("2x after +10% is 1.8333...", function () {
      close(leverageAfterPriceMove(2, 1.1), 2.2 / 1.2);
    });

    it("2x after -10% is 2.25", function () {
      close(leverageAfterPriceMove(2, 0.9), 2.25);
    });

    it("1x stays 1x", function () {
      close(leverageAfterPriceMove(1, 0.5), 1);
    });

    it("is infinite once equity is gone", function () {
      expect(leverageAfterPriceMove(2, 0.5)).to.equal(Infinity);
    });
  });

  describe("rebalance trigger ratios", function () {
    it("a 2x vault with a [1.8x, 2.2x] band levers up after +12.5% and delevers after -8.33%", function () {
      const ratios = rebalanceTriggerRatios({ leverage: 2, minLeverage: 1.8, maxLeverage: 2.2, emergencyLeverage: 2.6 });
      close(ratios.leverUp!, 1.125);
      close(ratios.delever!, 2.2 / 2.4);
      close(ratios.emergency!, 2.6 / 3.2);
      expect(ratios.liquidation).to.equal(null);
    });

    it("solving for the ratio inverts leverageAfterPriceMove", function () {
      fc.assert(
        fc.property(fc.double({ min: 1.05, max: 10, noNaN: true }), fc.double({ min: 1.05, max: 10, noNaN: true }), (leverage, target) => {
          const ratio = priceRatioForLeverage(leverage, target)!;
          return Math.abs(leverageAfterPriceMove(leverage, ratio) - target) < 1e-9 * target;
        }),
        { seed: 42, numRuns: 200 },
      );
    });

    it("a 1x position never reaches a bound", function () {
      expect(priceRatioForLeverage(1, 2)).to.equal(null);
    });

    it("priceAtLeverage on a position agrees with the ratio form", function () {
      // 2 WETH and 3000 USDC of debt at 3000 USDC/WETH is 2x; 1e36 price of raw WETH in raw USDC = 3000e-12 * 1e36.
      const price = 3000n * 10n ** 24n;
      const collateral = 2n * 10n ** 18n;
      const debt = 3000n * 10n ** 6n;
      const delever = priceAtLeverage(collateral, debt, 22n * 10n ** 17n)!;
      close(Number(delever) / Number(price), priceRatioForLeverage(2, 2.2)!, 1e-15);
      expect(priceAtLeverage(collateral, 0n, 3n * 10n ** 18n)).to.equal(null);
    });
  });
});
