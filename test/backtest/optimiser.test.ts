import { expect } from "chai";

import { expectNear } from "./expect-near.js";

import {
  generateGbmPath,
  optimisePolicy,
  paretoFrontier,
  parsePriceCsv,
  policyForChoice,
  policyFromRiskParameters,
  ZERO_COSTS,
  type CostModel,
} from "@leveraged-vault/sdk";

import { basePolicyFor } from "../../scripts/backtest/assumptions.js";

/** 30 days of hourly σ = 80% paths: enough to tell bands apart, quick to run. */
const paths = Array.from({ length: 20 }, (_, index) =>
  generateGbmPath({ seed: index + 1, startPrice: 3000, volatility: 0.8, years: 30 / 365, stepSeconds: 3600 }),
);
const grid = { bandHalfWidths: [0.03, 0.1, 0.3], recenteringSpeedsBps: [10_000], maxTradeFractions: [Infinity] };
const basePolicy = basePolicyFor(2);

describe("backtester: the optimiser", function () {
  this.timeout(120_000);

  it("the frontier keeps exactly the candidates no other beats on both tracking error and cost", function () {
    const candidate = (name: string, trackingError: number, costDrag: number) => ({ name, metrics: { trackingError, costDrag } });
    const frontier = paretoFrontier([candidate("a", 1, 5), candidate("b", 2, 3), candidate("c", 2.5, 4), candidate("d", 3, 1), candidate("e", 4, 1)]);
    expect(frontier.map((entry) => entry.name)).to.deep.equal(["a", "b", "d"]);
  });

  it("with no costs at all the narrowest band wins: tracking error is all there is", function () {
    const { recommended } = optimisePolicy({ paths, costs: ZERO_COSTS, initialEquity: 100, basePolicy, grid });
    expect(recommended.bandHalfWidth).to.equal(0.03);
    expect(Math.abs(recommended.metrics.costDrag)).to.be.below(1e-12);
  });

  it("when each rebalance costs a lot of gas against a small vault, the optimiser widens the band", function () {
    const expensive: CostModel = { ...ZERO_COSTS, gas: { gasPerRebalance: 260_000, gasPriceGwei: 300 } };
    // 10 WETH of equity; each rebalance costs 234 USD of gas, 0.8% of the vault.
    const { recommended, candidates } = optimisePolicy({ paths, costs: expensive, initialEquity: 10, basePolicy, grid });
    expect(recommended.bandHalfWidth).to.equal(0.3);
    const narrow = candidates.find((candidate) => candidate.bandHalfWidth === 0.03)!;
    expect(narrow.metrics.gasDrag).to.be.greaterThan(recommended.metrics.gasDrag);
    expect(narrow.metrics.trackingError).to.be.below(recommended.metrics.trackingError);
  });

  it("a candidate's policy is the band around the target with the emergency threshold above it and the cap in collateral", function () {
    const policy = policyForChoice(basePolicy, { bandHalfWidth: 0.1, recenteringSpeedBps: 5_000, maxTradeFraction: 0.25 }, 200);
    expect([policy.minLeverage, policy.maxLeverage, policy.emergencyLeverage, policy.recenteringSpeedBps, policy.maxTradeSize]).to.deep.equal([1.9, 2.1, 2.5, 5_000, 50]);
  });

  it("reads a vault's on-chain risk parameters into a policy", function () {
    const wad = (value: number) => BigInt(Math.round(value * 1e6)) * 10n ** 12n;
    const policy = policyFromRiskParameters(
      {
        targetLeverage: wad(2), minLeverage: wad(1.9), maxLeverage: wad(2.1), emergencyLeverage: wad(2.5),
        recenteringSpeedBps: 7_500n, maxSlippageBps: 100, emergencyRewardBps: 50, cooldown: 600n,
        maxTradeSize: 25n * 10n ** 18n, maxEmergencyReward: 10n ** 18n,
      },
      { collateralDecimals: 18, liquidationLtv: wad(0.86) },
    );
    expect(policy).to.deep.include({ targetLeverage: 2, minLeverage: 1.9, maxLeverage: 2.1, emergencyLeverage: 2.5, recenteringSpeedBps: 7_500, maxTradeSize: 25, cooldownSeconds: 600 });
    expectNear(policy.liquidationLeverage, 1 / 0.14, 1e-9);
  });
});

describe("backtester: price CSVs", function () {
  it("reads Unix seconds or ISO dates after an optional header, counting time from the first row", function () {
    expect(parsePriceCsv("time,price\n1700000000,2000\n1700003600,2010.5\n")).to.deep.equal({ times: [0, 3600], prices: [2000, 2010.5] });
    expect(parsePriceCsv("# ETH\n2024-01-01T00:00:00Z, 2300\n2024-01-01T04:00:00Z, 2310\n").times).to.deep.equal([0, 14_400]);
  });

  it("names the line of a bad row", function () {
    expect(() => parsePriceCsv("time,price\n1700000000,2000\n1700003600,abc\n")).to.throw(RangeError, /line 3: price "abc"/);
    expect(() => parsePriceCsv("1700003600,2000\n1700000000,2000\n")).to.throw(RangeError, /line 2: time .* is not after/);
    expect(() => parsePriceCsv("1700000000,2000\n")).to.throw(RangeError, /at least two rows/);
  });
});
