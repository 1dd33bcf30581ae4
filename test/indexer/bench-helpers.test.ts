/** The indexer bench's pure pieces: percentiles of latencies, Ponder's /metrics text, the query builders and the per-vault schedule. */
import { expect } from "chai";

import { accountPositionsQuery, vaultHistoryQuery } from "../../scripts/bench/indexer-queries.js";
import { EVENTS_PER_STEP, scheduleEvents, vaultSchedule } from "../../scripts/bench/indexer-workload.js";
import { latencySummary, percentile } from "../../scripts/bench/percentile.js";
import { prometheusSamples, prometheusSum } from "../../scripts/bench/prometheus.js";

describe("The indexer bench's percentiles", function () {
  const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

  it("takes the nearest rank: the smallest sample with at least p percent of the samples at or below it", function () {
    expect(percentile([1, 2, 3, 4], 50)).to.equal(2);
    expect(percentile([4, 1, 3, 2], 75)).to.equal(3);
    expect(percentile(oneToHundred, 99)).to.equal(99);
    expect(percentile(oneToHundred, 100)).to.equal(100);
    expect(percentile([7], 1)).to.equal(7);
  });

  it("ranks exactly where p / 100 x n would land just above an integer (7% of 100 is the 7th, not the 8th)", function () {
    expect(percentile(oneToHundred, 7)).to.equal(7);
  });

  it("gives p50 and p99 of 200 samples as the 100th and the 198th smallest, whatever their order", function () {
    const samples = Array.from({ length: 200 }, (_, index) => (index * 37) % 200);
    expect(latencySummary(samples)).to.deep.equal({ p50: 99, p99: 197 });
  });

  it("refuses an empty list and a p outside (0, 100], naming the argument", function () {
    expect(() => percentile([], 50)).to.throw(RangeError, "samples must not be empty");
    expect(() => percentile([1], 0)).to.throw(RangeError, "p must be in (0, 100] (got 0)");
    expect(() => percentile([1], 101)).to.throw(RangeError, "p must be in (0, 100] (got 101)");
  });
});

describe("The indexer bench's reading of Ponder's /metrics", function () {
  const exposition = [
    "# HELP ponder_rpc_request_duration Duration of successful RPC requests",
    "# TYPE ponder_rpc_request_duration histogram",
    'ponder_rpc_request_duration_bucket{le="10",chain="vaults",method="eth_call"} 3',
    'ponder_rpc_request_duration_count{chain="vaults",method="eth_call"} 12',
    'ponder_rpc_request_duration_count{chain="vaults",method="eth_getLogs"} 5',
    'ponder_indexing_completed_events{chain="vaults",event="LeveragedVault:Deposit"} 40',
    'ponder_indexing_completed_events{chain="vaults",event="odd \\"name\\""} 1',
    "ponder_historical_end_timestamp_seconds 1700000100",
  ].join("\n");

  it("reads each sample's labels and value, and only the metric named", function () {
    expect(prometheusSamples(exposition, "ponder_rpc_request_duration_count")).to.deep.equal([
      { labels: { chain: "vaults", method: "eth_call" }, value: 12 },
      { labels: { chain: "vaults", method: "eth_getLogs" }, value: 5 },
    ]);
    expect(prometheusSamples(exposition, "ponder_rpc_request_duration")).to.deep.equal([]);
    expect(prometheusSamples(exposition, "ponder_historical_end_timestamp_seconds")).to.deep.equal([{ labels: {}, value: 1700000100 }]);
  });

  it("sums the samples whose labels match, and undoes the label escapes", function () {
    expect(prometheusSum(exposition, "ponder_rpc_request_duration_count")).to.equal(17);
    expect(prometheusSum(exposition, "ponder_rpc_request_duration_count", { method: "eth_call" })).to.equal(12);
    expect(prometheusSum(exposition, "ponder_indexing_completed_events", { event: 'odd "name"' })).to.equal(1);
    expect(prometheusSum(exposition, "ponder_indexing_completed_events", { event: "LeveragedVault:Withdraw" })).to.equal(0);
  });
});

describe("The indexer bench's queries and schedule", function () {
  it("puts the address into a query in the indexer's lowercase and refuses a malformed one, naming the field", function () {
    expect(vaultHistoryQuery("0x" + "AB".repeat(20))).to.contain(`vault: "0x${"ab".repeat(20)}"`);
    expect(() => accountPositionsQuery("0x1234")).to.throw(RangeError, 'account must be a 0x-prefixed 20-byte address (got "0x1234")');
  });

  it("gives a vault exactly the events asked for, with two rebalances at the two prices", function () {
    for (const events of [8, 9, 20, 97, 250]) {
      const schedule = vaultSchedule(events, [2640, 3036]);
      expect(scheduleEvents(schedule), `${events} events`).to.equal(events);
      expect(schedule.filter((step) => step.kind === "rebalance")).to.deep.equal([
        { kind: "rebalance", ethPriceUsd: 2640 },
        { kind: "rebalance", ethPriceUsd: 3036 },
      ]);
    }
    expect(EVENTS_PER_STEP.deposit).to.equal(2);
  });

  it("opens with a deposit by each holder before anyone withdraws or transfers", function () {
    expect(vaultSchedule(97, [2640, 3036]).slice(0, 4).map((step) => step.kind)).to.deep.equal(["deposit", "deposit", "deposit", "rebalance"]);
  });

  it("refuses fewer events than the opening and the two rebalances, naming events", function () {
    expect(() => vaultSchedule(7, [2640, 3036])).to.throw(RangeError, "events must be an integer of at least 8 (got 7)");
  });
});
