import { expect } from "chai";

import { replayDemo } from "../../scripts/demo/demo-replay.js";
import type { DemoReport } from "../../scripts/demo/report.js";
import { expectNear } from "./expect-near.js";
import { DEFAULT_DEMO_OPTIONS, runDemo } from "../../scripts/demo/run-demo.js";

/** The bar: the backtester's NAV per share within 0.1% of the chain's at every step. */
const NAV_TOLERANCE = 0.001;
/** The cost-free multiple two ways: from the logged costs, and from a frictionless replay. */
const COST_FREE_TOLERANCE = 1e-4;

describe("backtester against the chain: the demo's seeded path (npm start's defaults)", function () {
  this.timeout(600_000);
  let report: DemoReport;

  before(async function () {
    report = await runDemo(DEFAULT_DEMO_OPTIONS);
  });

  it("plays the default scenario with the L2 preset, rebalancing, with deposits and a redeem mid-run", function () {
    expect(report.preset).to.equal("L2");
    expect(report.rebalances.length).to.be.greaterThan(0);
    expect(report.chain.flows.map((flow) => flow.kind)).to.deep.equal(["deposit", "deposit", "deposit", "deposit", "deposit", "redeem"]);
  });

  it(`the backtester's NAV per share matches the on-chain vault within ${NAV_TOLERANCE * 100}% at every step, costs included`, function () {
    expect(report.backtestNavUsd.length).to.equal(report.samples.length);
    report.samples.forEach((sample, step) => {
      const deviation = Math.abs(report.backtestNavUsd[step] / sample.navUsd - 1);
      expect(deviation, `step ${step}: chain ${sample.navUsd}, backtest ${report.backtestNavUsd[step]}`).to.be.below(NAV_TOLERANCE);
    });
  });

  it("the backtester rebalances at the same steps as the keeper did on the chain", function () {
    const { withCosts } = replayed(report);
    const stepSeconds = report.samples[1].time - report.samples[0].time;
    const chainSteps = report.rebalances.map((rebalance) => Math.round(rebalance.time / stepSeconds));
    expect(withCosts.rebalances.map((rebalance) => rebalance.step)).to.deep.equal(chainSteps);
  });

  it("the summary's split of the gap to the ideal agrees with the same policy replayed without costs", function () {
    const { withCosts, frictionless } = replayed(report);
    expect(withCosts.feesPaid + withCosts.priceImpactPaid + withCosts.netInterestPaid).to.be.greaterThan(0);
    expect(report.executionGap).to.be.below(0);
    // The summary derives the cost-free multiple from the costs the replay logged; the frictionless
    // replay runs the policy again with no costs at all. Two computations, one answer.
    expectNear(report.costFreeMultiple, frictionless.valueMultiple, COST_FREE_TOLERANCE);
    expectNear(report.policyGap, (frictionless.valueMultiple - report.idealMultiple) / report.idealMultiple, COST_FREE_TOLERANCE);
    expectNear(report.executionGap, (report.finalNavMultiple - frictionless.valueMultiple) / report.idealMultiple, COST_FREE_TOLERANCE);
  });
});

function replayed(report: DemoReport) {
  return replayDemo({ times: report.samples.map((sample) => sample.time), prices: report.samples.map((sample) => sample.price) }, report.chain);
}
