import { expect } from "chai";

import { generateGarchPath, generateGbmPath, generateRegimeSwitchingPath } from "@leveraged-vault/sdk";

import { expectNear } from "./expect-near.js";

const HOUR = 3600;
const YEAR = 365 * 86_400;

/** Each step's log-return. */
function logReturns(prices: readonly number[]): number[] {
  return prices.slice(1).map((price, index) => Math.log(price / prices[index]!));
}

/** Annualised volatility of log-returns taken every `stepSeconds`. */
function annualised(returns: readonly number[], stepSeconds: number): number {
  const mean = returns.reduce((sum, value) => sum + value, 0) / returns.length;
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt((variance * YEAR) / stepSeconds);
}

/** Lag-1 autocorrelation of squared returns: volatility clustering. */
function squaredReturnAutocorrelation(returns: readonly number[]): number {
  const squares = returns.map((value) => value * value);
  const mean = squares.reduce((sum, value) => sum + value, 0) / squares.length;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < squares.length; i++) {
    variance += (squares[i]! - mean) ** 2;
    if (i > 0) covariance += (squares[i]! - mean) * (squares[i - 1]! - mean);
  }
  return covariance / variance;
}

describe("backtester: regime-switching and GARCH price paths", function () {
  const regimes = { seed: 11, startPrice: 3000, years: 20, stepSeconds: HOUR, volatilities: [0.4, 1.2] as const, switchingRates: [4, 12] as const };

  it("a regime-switching path spends rate₀/(rate₀+rate₁) of its time stressed, at each regime's volatility", function () {
    const path = generateRegimeSwitchingPath(regimes);
    const stressedShare = path.regimes.slice(1).filter((regime) => regime === 1).length / (path.regimes.length - 1);
    expectNear(stressedShare, 4 / 16, 0.03);
    const returns = logReturns(path.prices);
    const inRegime = (wanted: 0 | 1) => returns.filter((_, index) => path.regimes[index + 1] === wanted);
    expectNear(annualised(inRegime(0), HOUR), 0.4, 0.4 * 0.03);
    expectNear(annualised(inRegime(1), HOUR), 1.2, 1.2 * 0.03);
    // The spells are long: switches happen about (4·0.75 + 12·0.25)·20 = 120 times, not every step.
    const switches = path.regimes.slice(1).filter((regime, index) => regime !== path.regimes[index]).length;
    expect(switches).to.be.within(90, 150);
  });

  it("its volatility clusters (squared returns are autocorrelated), where a GBM's do not", function () {
    const switching = squaredReturnAutocorrelation(logReturns(generateRegimeSwitchingPath(regimes).prices));
    const gbm = squaredReturnAutocorrelation(logReturns(generateGbmPath({ seed: 11, startPrice: 3000, years: 20, stepSeconds: HOUR, volatility: 0.8 }).prices));
    expect(switching).to.be.greaterThan(0.05);
    expect(Math.abs(gbm)).to.be.below(0.02);
  });

  it("GARCH(1,1) returns have the long-run variance, cluster, and report each step's conditional volatility", function () {
    const path = generateGarchPath({ seed: 5, startPrice: 3000, years: 20, stepSeconds: HOUR, longRunVolatility: 0.8, alpha: 0.08, beta: 0.9 });
    const returns = logReturns(path.prices);
    expectNear(annualised(returns, HOUR), 0.8, 0.8 * 0.05);
    expect(squaredReturnAutocorrelation(returns)).to.be.greaterThan(0.05);
    // The conditional volatility wanders well away from the long-run level and back.
    expect(path.volatilities.reduce((high, value) => Math.max(high, value))).to.be.greaterThan(1.5);
    expect(path.volatilities.reduce((low, value) => Math.min(low, value))).to.be.below(0.5);
    // Standardised by their own conditional volatility, the shocks are unit normals.
    const standardised = returns.map((value, index) => value / (path.volatilities[index]! * Math.sqrt(HOUR / YEAR)));
    expectNear(annualised(standardised, YEAR), 1, 0.03);
  });

  it("GARCH with alpha = beta = 0 is a GBM at the long-run volatility", function () {
    const path = generateGarchPath({ seed: 5, startPrice: 3000, years: 10, stepSeconds: HOUR, longRunVolatility: 0.8, alpha: 0, beta: 0 });
    expect(new Set(path.volatilities.map((volatility) => volatility.toFixed(12)))).to.deep.equal(new Set(["0.800000000000"]));
    expectNear(annualised(logReturns(path.prices), HOUR), 0.8, 0.8 * 0.03);
  });

  it("the same seed gives the same path; bad parameters are refused, naming them", function () {
    const short = { ...regimes, years: 0.1 };
    expect(generateRegimeSwitchingPath(short)).to.deep.equal(generateRegimeSwitchingPath(short));
    expect(generateRegimeSwitchingPath({ ...short, seed: 12 }).prices).to.not.deep.equal(generateRegimeSwitchingPath(short).prices);
    expect(() => generateRegimeSwitchingPath({ ...short, volatilities: [0.4, -1] })).to.throw(RangeError, "volatilities[1] must be zero or positive (got -1)");
    expect(() => generateRegimeSwitchingPath({ ...short, switchingRates: [Number.NaN, 1] })).to.throw(RangeError, "switchingRates[0]");
    const garch = { seed: 1, startPrice: 3000, years: 0.1, stepSeconds: HOUR, longRunVolatility: 0.8, alpha: 0.1, beta: 0.9 };
    expect(() => generateGarchPath(garch)).to.throw(RangeError, "alpha + beta < 1 (got 0.1, 0.9)");
    expect(() => generateGarchPath({ ...garch, beta: 0.5, longRunVolatility: 0 })).to.throw(RangeError, "longRunVolatility must be positive (got 0)");
    expect(() => generateGarchPath({ ...garch, beta: 0.5, stepSeconds: 0 })).to.throw(RangeError, "stepSeconds must be positive (got 0)");
  });
});
