import { expect } from "chai";

import {
  SECONDS_PER_YEAR,
  ZERO_COSTS,
  generateGbmPath,
  generateRegimeSwitchingPath,
  observeVolatility,
  policyAtTarget,
  runBacktest,
  startVolatilityEstimate,
  targetInForce,
  type TargetPolicy,
  type VaultPolicy,
} from "@leveraged-vault/sdk";

import { expectNear } from "./expect-near.js";

const HOUR = 3600;
const DAY = 86_400;

const vault: VaultPolicy = {
  targetLeverage: 2,
  minLeverage: 1.8,
  maxLeverage: 2.2,
  emergencyLeverage: 3,
  recenteringSpeedBps: 10_000,
  maxTradeSize: Infinity,
  cooldownSeconds: 0,
  maxSlippageBps: Infinity,
  emergencyRewardBps: 0,
  maxEmergencyReward: 0,
  liquidationLeverage: 7,
};
const volTarget: TargetPolicy = { kind: "vol-target", targetVolatility: 1.2, halfLifeSeconds: 3 * DAY, minLeverage: 1, maxLeverage: 2.5, maxStalenessSeconds: DAY, maxLogReturn: 0.1 };

describe("backtester: target policies (fixed, volatility-targeted, rate-aware)", function () {
  it("the estimator is the closed-form time-weighted EWMA of r²·year/dt on a fixed series", function () {
    const parameters = { halfLifeSeconds: 2 * HOUR, maxLogReturn: 1 };
    const series = [
      [HOUR, 100 * 1.01],
      [3 * HOUR, 100 * 1.01 * 0.98],
      [3.5 * HOUR, 100 * 1.01 * 0.98 * 1.005],
    ] as const;
    let estimate = startVolatilityEstimate(100, 0, 0.5);
    let expected = 0.25;
    let [lastTime, lastPrice] = [0, 100];
    for (const [time, price] of series) {
      estimate = observeVolatility(estimate, price, time, parameters);
      const dt = time - lastTime;
      const weight = Math.pow(0.5, dt / (2 * HOUR));
      expected = weight * expected + (1 - weight) * Math.log(price / lastPrice) ** 2 * (SECONDS_PER_YEAR / dt);
      [lastTime, lastPrice] = [time, price];
    }
    expectNear(estimate.variance, expected, expected * 1e-12);
    expect(estimate).to.deep.include({ lastTime: 3.5 * HOUR, lastPrice: series[2][1] });
  });

  it("converges to a GBM's volatility, and a second observation in the same second changes nothing", function () {
    const path = generateGbmPath({ seed: 3, startPrice: 3000, volatility: 0.8, years: 1, stepSeconds: HOUR });
    let estimate = startVolatilityEstimate(3000, 0, 0.1);
    const samples: number[] = [];
    for (let i = 1; i < path.prices.length; i++) {
      estimate = observeVolatility(estimate, path.prices[i]!, path.times[i]!, { halfLifeSeconds: 10 * DAY, maxLogReturn: 1 });
      if (i > path.prices.length / 2) samples.push(Math.sqrt(estimate.variance));
    }
    expectNear(samples.reduce((sum, value) => sum + value, 0) / samples.length, 0.8, 0.06);
    expect(observeVolatility(estimate, estimate.lastPrice * 2, estimate.lastTime, { halfLifeSeconds: DAY, maxLogReturn: 1 })).to.equal(estimate);
  });

  it("a single oracle jump moves the target by at most what maxLogReturn allows", function () {
    const calm = { ...startVolatilityEstimate(3000, 0, 0.6), lastTime: 0 };
    const parameters = { halfLifeSeconds: volTarget.halfLifeSeconds!, maxLogReturn: volTarget.maxLogReturn! };
    const before = targetInForce({ policy: volTarget, fixedTarget: 2, estimate: calm, now: 0, ceilingLeverage: 2.999 });
    const crash = observeVolatility(calm, 3000 * 0.5, 12, parameters); // a 50% print 12 s later
    const capped = observeVolatility(calm, 3000 * Math.exp(-0.1), 12, parameters);
    expect(crash.variance).to.equal(capped.variance);
    const after = targetInForce({ policy: volTarget, fixedTarget: 2, estimate: crash, now: 12, ceilingLeverage: 2.999 });
    const weight = Math.pow(0.5, 12 / volTarget.halfLifeSeconds!);
    const bound = 1.2 / Math.sqrt(weight * 0.36 + (1 - weight) * 0.01 * (SECONDS_PER_YEAR / 12));
    expectNear(after, Math.max(1, bound), 1e-12);
    expect(before - after).to.be.greaterThan(0);
  });

  it("vol-target aims for σ_target / σ̂ within [L_min, L_max], and falls back to L_min when the estimate is stale", function () {
    const at = (volatility: number, age: number) =>
      targetInForce({ policy: volTarget, fixedTarget: 2, estimate: { variance: volatility ** 2, lastPrice: 1, lastTime: 0 }, now: age, ceilingLeverage: 2.999 });
    expectNear(at(0.8, 0), 1.5, 1e-12);
    expect(at(0.2, 0)).to.equal(2.5);
    expect(at(2.4, 0)).to.equal(1);
    expectNear(at(0.8, DAY), 1.5, 1e-12);
    expect(at(0.8, DAY + 1)).to.equal(1);
    // A guardian's lower L_max binds at once; the live ceiling binds over everything.
    expect(targetInForce({ policy: { ...volTarget, maxLeverage: 1.3 }, fixedTarget: 2, estimate: { variance: 0.04, lastPrice: 1, lastTime: 0 }, now: 0, ceilingLeverage: 2.999 })).to.equal(1.3);
    expect(targetInForce({ policy: volTarget, fixedTarget: 2, estimate: { variance: 0.04, lastPrice: 1, lastTime: 0 }, now: 0, ceilingLeverage: 2.1 })).to.equal(2.1);
  });

  it("rate-aware steps the target down linearly from the threshold to L_min at the ceiling", function () {
    const policy: TargetPolicy = { kind: "fixed", minLeverage: 1.2, rateAware: { threshold: 0.08, ceiling: 0.2 } };
    const at = (borrowRate: number) => targetInForce({ policy, fixedTarget: 2, now: 0, borrowRate, ceilingLeverage: 2.999 });
    expect([at(0.05), at(0.08), at(0.2), at(0.5)]).to.deep.equal([2, 2, 1.2, 1.2]);
    expectNear(at(0.14), 1.6, 1e-12);
  });

  it("the band moves with the target and stays below the emergency leverage", function () {
    expect(policyAtTarget(vault, 1.5)).to.deep.include({ targetLeverage: 1.5, minLeverage: 1.35 });
    expectNear(policyAtTarget(vault, 1.5).maxLeverage, 1.65, 1e-12);
    expectNear(policyAtTarget(vault, 2.9).maxLeverage, 2.999, 1e-12);
    expect(policyAtTarget(vault, 2)).to.equal(vault);
  });

  it("in a backtest, a vol-targeted vault holds less leverage in the stressed regime than in the calm one; fixed is unchanged", function () {
    const path = generateRegimeSwitchingPath({ seed: 7, startPrice: 3000, years: 1, stepSeconds: HOUR, volatilities: [0.4, 1.2], switchingRates: [4, 12] });
    const fixed = runBacktest({ path, policy: vault, costs: ZERO_COSTS, initialEquity: 1, record: true });
    expect(runBacktest({ path, policy: vault, costs: ZERO_COSTS, initialEquity: 1, targetPolicy: { kind: "fixed" } }).valueMultiple).to.equal(fixed.valueMultiple);
    expect(new Set(fixed.targets)).to.deep.equal(new Set([2]));
    const targeted = runBacktest({ path, policy: vault, costs: ZERO_COSTS, initialEquity: 1, targetPolicy: { ...volTarget, maxStalenessSeconds: 2 * HOUR }, record: true });
    const meanTarget = (regime: 0 | 1) => {
      const picked = targeted.targets.filter((_, index) => path.regimes[index] === regime);
      return picked.reduce((sum, value) => sum + value, 0) / picked.length;
    };
    expect(meanTarget(0)).to.be.greaterThan(meanTarget(1) + 0.5);
    // Leverage follows the target within the moving band.
    for (let i = 1; i < path.prices.length; i += 97) expect(Math.abs(targeted.leverage[i]! - targeted.targets[i]!)).to.be.at.most(targeted.targets[i]! * 0.1 + 1e-9);
  });
});
