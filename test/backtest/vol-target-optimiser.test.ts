import { expect } from "chai";

import { ZERO_COSTS } from "@leveraged-vault/sdk";

import { basePolicyFor } from "../../scripts/backtest/assumptions.js";
import { OptionError, parseBacktestOptions } from "../../scripts/backtest/options.js";
import { optimiseVolTarget, regimePaths } from "../../scripts/backtest/target-risk-bench.js";
import { expectNear } from "./expect-near.js";

describe("backtester: the volatility target's optimiser (npm run backtest -- optimise --policy vol-target)", function () {
  it("holds each half-life's mean leverage at the target by its σ_target, and recommends the lowest decay + cost plus 99% one-day loss", function () {
    const paths = regimePaths(12, 1).map((path) => ({ ...path, times: path.times.slice(0, 24 * 60 + 1), prices: path.prices.slice(0, 24 * 60 + 1), regimes: path.regimes.slice(0, 24 * 60 + 1) }));
    const base = { ...basePolicyFor(2), cooldownSeconds: 0 };
    const { candidates, recommended } = optimiseVolTarget({ paths, base, costs: ZERO_COSTS, initialEquity: 10, halfLivesSeconds: [6 * 3600, 48 * 3600] });
    expect(candidates.map((candidate) => candidate.halfLifeSeconds)).to.deep.equal([6 * 3600, 48 * 3600]);
    for (const candidate of candidates) {
      expectNear(candidate.summary.meanLeverage, 2, 0.02);
      expectNear(candidate.objective, candidate.summary.dragPerYear + candidate.summary.oneDayLoss99, 1e-12);
    }
    expect(recommended.objective).to.equal(Math.min(...candidates.map((candidate) => candidate.objective)));
  });

  it("takes --policy and --half-lives, naming a bad value", function () {
    const options = parseBacktestOptions(["optimise", "--policy", "vol-target", "--half-lives", "12,24"]);
    expect(options).to.not.equal("help");
    if (options !== "help") expect([options.targetPolicy, options.halfLivesSeconds]).to.deep.equal(["vol-target", [43_200, 86_400]]);
    expect(() => parseBacktestOptions(["optimise", "--policy", "sideways"])).to.throw(OptionError, '--policy must be fixed or vol-target (got "sideways")');
  });
});
