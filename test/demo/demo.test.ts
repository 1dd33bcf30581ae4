import { expect } from "chai";

import { holdMultiple, idealLeveragedMultiple } from "../../scripts/demo/ideal-nav.js";
import { generatePricePath } from "../../scripts/demo/price-path.js";
import { runDemo } from "../../scripts/demo/run-demo.js";
import type { DemoReport } from "../../scripts/demo/report.js";
import { expectNear } from "../backtest/expect-near.js";

/**
 * How far the vault's NAV may end from the ideal continuously rebalanced position on the 6-day
 * crash path: a band of ±0.2x rebalanced every 4 hours alone trails the ideal by about 4% there.
 */
const NAV_TOLERANCE_VS_IDEAL = 0.06;
/** How far it may end from the same policy without costs: its own execution cost. */
const EXECUTION_GAP_TOLERANCE = 0.01;

describe("demo: price paths and benchmarks", function () {
  it("the same seed gives the same path and another seed a different one", function () {
    const options = { scenario: "crash-recovery" as const, days: 10, seed: 7, startPrice: 3000 };
    expect(generatePricePath(options).prices).to.deep.equal(generatePricePath(options).prices);
    expect(generatePricePath({ ...options, seed: 8 }).prices).to.not.deep.equal(generatePricePath(options).prices);
  });

  it("the crash-recovery path falls by about a third mid-way and recovers", function () {
    const { prices } = generatePricePath({ scenario: "crash-recovery", days: 30, seed: 7, startPrice: 3000, annualVolatility: 0 });
    const low = Math.min(...prices);
    expect(low / 3000).to.be.within(0.6, 0.7);
    expect(prices[prices.length - 1] / low).to.be.above(1.3);
  });

  it("the ideal 1x position is holding, and a flat path with moves costs the 2x position its volatility decay", function () {
    const prices = [100, 110, 100, 110, 100];
    expect(idealLeveragedMultiple(prices, 1)).to.deep.equal(holdMultiple(prices));
    const twoTimes = idealLeveragedMultiple(prices, 2);
    const variance = 4 * Math.log(1.1) ** 2;
    expect(Math.abs(twoTimes[4] - Math.exp(-variance))).to.be.below(1e-12);
  });
});

describe("demo: a short run on the in-process chain with the keeper in watch mode", function () {
  this.timeout(180_000);
  let report: DemoReport;

  before(async function () {
    report = await runDemo({ scenario: "crash-recovery", days: 6, seed: 7, targetLeverage: 2, band: [1.8, 2.2], stepHours: 4 });
  });

  it("the keeper rebalanced during the crash and the recovery", function () {
    expect(report.rebalances.length).to.be.greaterThan(0);
    expect(report.rebalances.some((rebalance) => rebalance.leverageBefore > 2.2)).to.equal(true);
    expect(report.rebalanceGas).to.be.greaterThan(0n);
  });

  it("leverage stayed below the emergency bound after every keeper pass", function () {
    expect(report.leverageRange[1]).to.be.below(report.emergencyLeverage);
    for (const sample of report.samples) expect(sample.leverage).to.be.below(report.emergencyLeverage);
  });

  it(`NAV tracked the ideal continuously rebalanced position within ${NAV_TOLERANCE_VS_IDEAL * 100}%`, function () {
    expect(Math.abs(report.trackingErrorVsIdeal)).to.be.below(NAV_TOLERANCE_VS_IDEAL);
  });

  it(`NAV tracked the same policy without costs within ${EXECUTION_GAP_TOLERANCE * 100}%`, function () {
    expect(Math.abs(report.executionGap)).to.be.below(EXECUTION_GAP_TOLERANCE);
  });

  it("the summary's policy gap and execution gap add up to the gap to the ideal", function () {
    expectNear(report.policyGap + report.executionGap, report.trackingErrorVsIdeal, 1e-12);
  });
});

describe("demo: --market aave, a short run with the vault on Aave v3", function () {
  this.timeout(180_000);

  it("the keeper rebalances an Aave vault through a crash, leverage stays under the emergency bound, and the replay matches the chain", async function () {
    // Three days of the crash at 8-hour steps and a ±0.1x band: enough moves to rebalance, few blocks.
    const report = await runDemo({ scenario: "crash-recovery", days: 3, seed: 7, targetLeverage: 2, band: [1.9, 2.1], stepHours: 8, market: "aave" });
    expect(report.lendingMarket).to.equal("Aave v3");
    expect(report.rebalances.length).to.be.greaterThan(0);
    expect(report.rebalanceGas).to.be.greaterThan(0n);
    for (const sample of report.samples) expect(sample.leverage).to.be.below(report.emergencyLeverage);
    // Aave's liquidation threshold for WETH (82.5%), read from the reserve, drives the replay's policy.
    expectNear(report.chain.policy.liquidationLeverage, 1 / (1 - 0.825), 1e-9);
    expect(report.backtestMaxDeviation).to.be.below(1e-6);
  });
});
