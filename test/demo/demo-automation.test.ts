import { expect } from "chai";

import { runDemo } from "../../scripts/demo/run-demo.js";
import type { DemoReport } from "../../scripts/demo/report.js";

describe("demo: a short run with Chainlink Automation's registry instead of the TypeScript keeper", function () {
  this.timeout(180_000);
  let report: DemoReport;
  const progress: string[] = [];

  before(async function () {
    report = await runDemo({
      scenario: "crash-recovery",
      days: 6,
      seed: 7,
      targetLeverage: 2,
      band: [1.8, 2.2],
      stepHours: 4,
      keeper: "automation",
      onProgress: (message) => progress.push(message),
    });
  });

  it("the registry performed rebalances during the crash, with no failed perform and LINK billed", function () {
    expect(report.rebalances.length).to.be.greaterThan(0);
    expect(report.rebalances.some((rebalance) => rebalance.leverageBefore > 2.2)).to.equal(true);
    const line = progress.find((message) => message.startsWith("Chainlink Automation: upkeep"));
    expect(line, "the Automation progress line").to.not.equal(undefined);
    const [, transmits, failed, billed] = /(\d+) transmits, (\d+) failed performs, ([\d.]+) LINK billed/.exec(line!)!;
    expect(Number(transmits)).to.equal(report.rebalances.length);
    expect(Number(failed)).to.equal(0);
    expect(Number(billed)).to.be.greaterThan(0);
  });

  it("leverage stayed below the emergency bound after every round", function () {
    for (const sample of report.samples) expect(sample.leverage).to.be.below(report.emergencyLeverage);
  });
});
