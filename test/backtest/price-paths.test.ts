import { expect } from "chai";

import { generateGbmPath, generateScenarioPath, realisedVariance } from "@leveraged-vault/sdk";

describe("backtester: price paths", function () {
  it("a seed always gives the same GBM path, another seed another", function () {
    const options = { seed: 3, startPrice: 3000, volatility: 0.8, years: 0.1, stepSeconds: 3600 };
    expect(generateGbmPath(options).prices).to.deep.equal(generateGbmPath(options).prices);
    expect(generateGbmPath({ ...options, seed: 4 }).prices).to.not.deep.equal(generateGbmPath(options).prices);
  });

  it("jumps add variance but, with the drift compensated, leave the expected price where it was", function () {
    const jumps = { intensity: 20, meanLogJump: -0.05, stdLogJump: 0.05 };
    const endings: number[] = [];
    let varianceWithJumps = 0;
    let varianceWithout = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const options = { seed, startPrice: 1, volatility: 0.5, years: 0.25, stepSeconds: 86_400 };
      const withJumps = generateGbmPath({ ...options, jumps });
      endings.push(withJumps.prices.at(-1)!);
      varianceWithJumps += realisedVariance(withJumps.prices);
      varianceWithout += realisedVariance(generateGbmPath(options).prices);
    }
    const mean = endings.reduce((sum, value) => sum + value, 0) / endings.length;
    const deviation = Math.sqrt(endings.reduce((sum, value) => sum + (value - mean) ** 2, 0) / endings.length);
    expect(Math.abs(mean - 1)).to.be.below((4 * deviation) / Math.sqrt(endings.length));
    // 20 jumps a year of E[J²] = 0.05² + 0.05² = 0.005 add 0.1 a year of variance, 0.025 over a quarter.
    expect((varianceWithJumps - varianceWithout) / 2000).to.be.within(0.018, 0.03);
  });

  it("the demo's scenarios come from the SDK: the crash-recovery path falls by about a third mid-way", function () {
    const { prices } = generateScenarioPath({ scenario: "crash-recovery", days: 30, seed: 7, startPrice: 3000, annualVolatility: 0 });
    expect(Math.min(...prices) / 3000).to.be.within(0.6, 0.7);
    expect(() => generateScenarioPath({ scenario: "moon" as never, days: 1, seed: 1, startPrice: 1 })).to.throw(RangeError, /scenario must be one of/);
  });
});
