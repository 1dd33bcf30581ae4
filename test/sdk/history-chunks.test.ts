/**
 * Histories read over RPC in chunks: the pure range splitting and the bounded concurrency.
 */
import { expect } from "chai";

import { blockRanges } from "../../sdk/src/index.js";
import { mapWithConcurrency } from "../../sdk/src/history/mapWithConcurrency.js";

/** Checks that `ranges` tile `[fromBlock, toBlock]`: in order, no gap, no overlap, none longer than `chunkSize`. */
function expectTiling(ranges: { fromBlock: bigint; toBlock: bigint }[], fromBlock: bigint, toBlock: bigint, chunkSize: number) {
  expect(ranges[0]!.fromBlock).to.equal(fromBlock);
  expect(ranges.at(-1)!.toBlock).to.equal(toBlock);
  ranges.forEach((range, index) => {
    expect(range.toBlock >= range.fromBlock, `range ${index} is not empty`).to.equal(true);
    expect(range.toBlock - range.fromBlock + 1n <= BigInt(chunkSize), `range ${index} holds at most ${chunkSize} blocks`).to.equal(true);
    if (index > 0) expect(range.fromBlock, `range ${index} starts right after range ${index - 1}`).to.equal(ranges[index - 1]!.toBlock + 1n);
  });
}

/** What `promise` rejects with (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

describe("sdk history read over RPC in chunks", function () {
  describe("blockRanges", function () {
    it("splits [fromBlock, toBlock] into consecutive ranges of chunkSize blocks, only the last one shorter", function () {
      expect(blockRanges(100n, 350n, 100)).to.deep.equal([
        { fromBlock: 100n, toBlock: 199n },
        { fromBlock: 200n, toBlock: 299n },
        { fromBlock: 300n, toBlock: 350n },
      ]);
    });

    it("covers every block of the range exactly once, in ranges no longer than chunkSize", function () {
      for (const [fromBlock, toBlock, chunkSize] of [
        [0n, 0n, 1],
        [0n, 9_999n, 10_000],
        [0n, 10_000n, 10_000],
        [7n, 200_130n, 10_000],
        [1_000_000n, 1_000_001n, 3],
        [5n, 104n, 7],
      ] as const) {
        const ranges = blockRanges(fromBlock, toBlock, chunkSize);
        expectTiling(ranges, fromBlock, toBlock, chunkSize);
        expect(ranges).to.have.length(Math.ceil(Number(toBlock - fromBlock + 1n) / chunkSize));
      }
    });

    it("gives one range per block for a chunkSize of 1", function () {
      expect(blockRanges(10n, 12n, 1)).to.deep.equal([
        { fromBlock: 10n, toBlock: 10n },
        { fromBlock: 11n, toBlock: 11n },
        { fromBlock: 12n, toBlock: 12n },
      ]);
    });

    it("gives a single one-block range when fromBlock equals toBlock", function () {
      expect(blockRanges(42n, 42n, 2_000)).to.deep.equal([{ fromBlock: 42n, toBlock: 42n }]);
    });

    it("gives a single range when the whole range is shorter than chunkSize", function () {
      expect(blockRanges(0n, 1_999n, 2_000)).to.deep.equal([{ fromBlock: 0n, toBlock: 1_999n }]);
    });

    it("refuses a chunkSize that is not a positive integer, naming it and its value", function () {
      for (const chunkSize of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => blockRanges(0n, 10n, chunkSize), `chunkSize ${chunkSize}`).to.throw(RangeError, `chunkSize must be a positive integer (got ${chunkSize})`);
      }
    });

    it("refuses fromBlock after toBlock, naming both values", function () {
      expect(() => blockRanges(11n, 10n, 5)).to.throw(RangeError, "fromBlock must not be after toBlock (got fromBlock 11, toBlock 10)");
    });

    it("refuses a negative fromBlock, naming it", function () {
      expect(() => blockRanges(-1n, 10n, 5)).to.throw(RangeError, "fromBlock must be a block number, zero or more (got -1)");
    });
  });

  describe("mapWithConcurrency", function () {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("keeps exactly `concurrency` tasks in flight while there is work, and returns results in item order", async function () {
      let inFlight = 0;
      let peak = 0;
      const delays = [9, 1, 6, 2, 8, 3, 7, 4, 5, 1, 2, 9];
      const results = await mapWithConcurrency(delays, 4, async (delay, index) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await sleep(delay);
        inFlight -= 1;
        return index * 10;
      });
      expect(peak).to.equal(4);
      expect(results).to.deep.equal(delays.map((_, index) => index * 10));
    });

    it("rejects with the first failure and starts no task after it", async function () {
      const started: number[] = [];
      const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await sleep(item === 1 ? 1 : 20);
        if (item === 1) throw new Error("chunk 1 failed");
        return item;
      });
      expect((await rejectionOf(run)).message).to.equal("chunk 1 failed");
      await sleep(50);
      expect(started).to.deep.equal([0, 1]);
    });

    it("refuses a concurrency that is not a positive integer, naming it and its value", async function () {
      const error = await rejectionOf(mapWithConcurrency([1], 0, async (item) => item));
      expect(error).to.be.instanceOf(RangeError);
      expect(error.message).to.equal("concurrency must be a positive integer (got 0)");
    });
  });
});
