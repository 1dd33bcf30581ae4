/**
 * Histories read over RPC in chunks: the pure range splitting and bounded concurrency, then
 * `getFlowHistory` and `getRebalanceHistory` against a `hardhat node` behind a counting proxy, with
 * the vault's flows and a rebalance spread over 200,000 blocks.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { parseUnits, type ContractTransactionResponse, type Signer, type TransactionReceipt } from "ethers";
import {
  createPublicClient,
  custom,
  encodeAbiParameters,
  encodeEventTopics,
  getAddress,
  http,
  keccak256,
  toHex,
  zeroAddress,
  type Address,
  type EIP1193Provider,
  type PublicClient,
} from "viem";
import { hardhat } from "viem/chains";

import { blockRanges, getFlowHistory, getRebalanceHistory, leveragedVaultAbi, type FlowRecord, type LogsChunkProgress } from "../../sdk/src/index.js";
import { mapWithConcurrency } from "../../sdk/src/history/mapWithConcurrency.js";
import { deployLocalStack, feedEthPriceUsd, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../../scripts/vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { startCountingProxy, type CountingProxy } from "../helpers/counting-rpc-proxy.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";

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

  describe("getFlowHistory over a scripted RPC whose later chunks answer first", function () {
    const vault = getAddress("0x00000000000000000000000000000000000a0a17");
    const [holderA, holderB] = [getAddress("0x00000000000000000000000000000000000000a1"), getAddress("0x00000000000000000000000000000000000000b2")];
    /** One share `Transfer` of the vault in `blockNumber` at `logIndex`. */
    const transferLog = (blockNumber: number, logIndex: number, from: Address, to: Address, value: bigint) => ({
      address: vault,
      topics: encodeEventTopics({ abi: leveragedVaultAbi, eventName: "Transfer", args: { from, to } }),
      data: encodeAbiParameters([{ type: "uint256" }], [value]),
      blockNumber: toHex(blockNumber),
      blockHash: keccak256(toHex(blockNumber)),
      transactionHash: keccak256(toHex(blockNumber * 1_000 + logIndex)),
      transactionIndex: "0x0",
      logIndex: toHex(logIndex),
      removed: false,
    });
    // Two transfers in one block, one each in later blocks, a mint at block 0 and blocks with none.
    const chainLogs = [
      transferLog(0, 0, zeroAddress, holderA, 100n),
      transferLog(5, 1, holderA, holderB, 1n),
      transferLog(5, 2, holderB, holderA, 2n),
      transferLog(37, 0, holderA, holderB, 3n),
      transferLog(64, 4, holderB, holderA, 4n),
      transferLog(99, 0, holderA, holderB, 5n),
    ];

    /** An RPC at block 99 whose eth_getLogs answers later ranges sooner, each range's logs newest first. */
    function scriptedRpc() {
      let inFlight = 0;
      let peakInFlight = 0;
      const provider = {
        request: async ({ method, params }: { method: string; params?: unknown[] }) => {
          if (method === "eth_blockNumber") return toHex(99);
          if (method !== "eth_getLogs") throw new Error(`unexpected ${method}`);
          const [{ fromBlock, toBlock }] = params as [{ fromBlock: string; toBlock: string }];
          inFlight += 1;
          peakInFlight = Math.max(peakInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2 * (100 - Number(fromBlock)) / 10));
          inFlight -= 1;
          return chainLogs.filter((log) => BigInt(log.blockNumber) >= BigInt(fromBlock) && BigInt(log.blockNumber) <= BigInt(toBlock)).reverse();
        },
      } as unknown as EIP1193Provider;
      return { client: createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) }), peakInFlight: () => peakInFlight };
    }

    it("returns the flows ordered by block and log index whatever order the chunks complete in", async function () {
      const { client } = scriptedRpc();
      const completed: bigint[] = [];
      const flows = await getFlowHistory(client, { vault, fromBlock: 0n, chunkSize: 10, concurrency: 3, onProgress: (progress) => completed.push(progress.fromBlock) });
      expect(completed).to.not.deep.equal([...completed].sort((a, b) => (a < b ? -1 : 1)));
      expect(flows.map((flow) => [flow.blockNumber, flow.logIndex, flow.shares])).to.deep.equal([
        [5n, 1, 1n],
        [5n, 2, 2n],
        [37n, 0, 3n],
        [64n, 4, 4n],
        [99n, 0, 5n],
      ]);
    });

    it("keeps `concurrency` eth_getLogs in flight, never more", async function () {
      const { client, peakInFlight } = scriptedRpc();
      await getFlowHistory(client, { vault, fromBlock: 0n, chunkSize: 10, concurrency: 3 });
      expect(peakInFlight()).to.equal(3);
    });

    it("records a transfer between holders with no assets, the receiver as owner, and leaves the mint out", async function () {
      const { client } = scriptedRpc();
      const [first] = await getFlowHistory(client, { vault, fromBlock: 0n, toBlock: 5n, chunkSize: 2 });
      expect(first).to.deep.equal({
        kind: "transfer",
        sender: holderA,
        receiver: holderB,
        owner: holderB,
        assets: 0n,
        shares: 1n,
        blockNumber: 5n,
        transactionHash: chainLogs[1]!.transactionHash,
        logIndex: 1,
      });
    });
  });

  describe("against a hardhat node behind a counting proxy, with flows spread over 200,000 blocks", function () {
    this.timeout(300_000);
    const chunkSize = 10_000;
    const concurrency = 4;
    /** Blocks from `fromBlock` to the last one read: twenty full chunks and a remainder. */
    const spannedBlocks = 200_000n + 1_234n;

    let node: RunningNode;
    let proxy: CountingProxy;
    let closeConnection: () => Promise<void>;
    let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
    let stack: LocalStack;
    let vault: ILeveragedVault;
    let vaultAddress: Address;
    let client: PublicClient;
    let alice: Signer, bob: Signer, carol: Signer, keeper: Signer;
    let fromBlock: bigint;
    let toBlock: bigint;
    /** What the chain says, from each scenario transaction's receipt (decoded by ethers, not viem), oldest first. */
    const expectedFlows: FlowRecord[] = [];
    let rebalanceReceipt: TransactionReceipt;

    async function latestBlock(): Promise<bigint> {
      return BigInt(await ethers.provider.getBlockNumber());
    }
    /** Mines empty blocks (one second apart) so that the next transaction lands in block `blockNumber`. */
    async function mineUntilNextTransactionLandsIn(blockNumber: bigint) {
      const empty = blockNumber - (await latestBlock()) - 1n;
      if (empty < 0n) throw new Error(`block ${blockNumber} is already mined`);
      if (empty > 0n) await ethers.provider.send("hardhat_mine", [toHex(empty)]);
    }
    /**
     * Mines empty blocks so that the next transaction lands in block `blockNumber`, re-publishing both
     * feeds (at `ethPriceUsd`, default unchanged) a few blocks before it so the vault's prices are fresh.
     */
    async function passTime(blockNumber: bigint, ethPriceUsd?: number) {
      await mineUntilNextTransactionLandsIn(blockNumber - 20n);
      await moveMarket(stack, ethPriceUsd ?? (await feedEthPriceUsd(stack)), { alsoRefresh: [stack.feeds.usdcUsd] });
      await mineUntilNextTransactionLandsIn(blockNumber);
    }
    /** Sends a vault transaction and records the flows its receipt holds (mints and burns left out). */
    async function flow(send: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
      const receipt = (await (await send).wait())!;
      for (const log of receipt.logs) {
        if (getAddress(log.address) !== vaultAddress) continue;
        const parsed = vault.interface.parseLog(log);
        const position = { blockNumber: BigInt(receipt.blockNumber), transactionHash: receipt.hash as `0x${string}`, logIndex: log.index };
        const address = (value: string) => getAddress(value);
        if (parsed?.name === "Deposit") {
          const { sender, owner, assets, shares } = parsed.args;
          expectedFlows.push({ kind: "deposit", sender: address(sender), receiver: address(owner), owner: address(owner), assets, shares, ...position });
        } else if (parsed?.name === "Withdraw") {
          const { sender, receiver, owner, assets, shares } = parsed.args;
          expectedFlows.push({ kind: "withdraw", sender: address(sender), receiver: address(receiver), owner: address(owner), assets, shares, ...position });
        } else if (parsed?.name === "Transfer" && parsed.args.from !== ethers.ZeroAddress && parsed.args.to !== ethers.ZeroAddress) {
          const { from, to, value } = parsed.args;
          expectedFlows.push({ kind: "transfer", sender: address(from), receiver: address(to), owner: address(to), assets: 0n, shares: value, ...position });
        }
      }
      return receipt;
    }
    const addressOf = async (signer: Signer) => (await signer.getAddress()) as Address;
    const getLogsSpans = () =>
      proxy
        .requests()
        .filter((request) => request.method === "eth_getLogs")
        .map((request) => {
          const [filter] = request.params as [{ fromBlock: string; toBlock: string }];
          return { fromBlock: BigInt(filter.fromBlock), toBlock: BigInt(filter.toBlock) };
        })
        .sort((a, b) => (a.fromBlock < b.fromBlock ? -1 : 1));

    before(async function () {
      node = await startHardhatNode();
      proxy = await startCountingProxy(node.url);
      const connection = await network.create({ network: "localhost", override: { url: node.url } });
      ethers = connection.ethers;
      closeConnection = () => connection.close();
      const signers = await ethers.getSigners();
      [keeper, alice, bob, carol] = [signers[1]!, signers[2]!, signers[3]!, signers[4]!];
      stack = await deployLocalStack(ethers);
      ({ vault } = await deployMorphoBlueVault(ethers, stack, { keeper: await keeper.getAddress() }));
      vaultAddress = getAddress(await vault.getAddress());
      for (const holder of [alice, bob]) {
        await (await stack.tokens.weth.connect(stack.signer).mint(await holder.getAddress(), parseUnits("100", 18))).wait();
        await (await stack.tokens.weth.connect(holder).approve(vaultAddress, ethers.MaxUint256)).wait();
      }
      client = createPublicClient({ chain: hardhat, transport: http(proxy.url, { retryCount: 0 }) });

      fromBlock = (await latestBlock()) + 1n;
      await flow(vault.connect(alice).deposit(parseUnits("10", 18), await alice.getAddress()));
      // The last block of the first chunk and the first block of the second each hold a flow.
      await passTime(fromBlock + BigInt(chunkSize) - 1n);
      await flow(vault.connect(bob).deposit(parseUnits("4", 18), await bob.getAddress()));
      await flow(vault.connect(alice).transfer(await carol.getAddress(), (await vault.balanceOf(await alice.getAddress())) / 4n));
      // The market falls and the keeper rebalances, some 60,000 blocks later.
      await passTime(fromBlock + 70_000n, 2700);
      rebalanceReceipt = (await (await vault.connect(keeper).rebalance()).wait())!;
      // Bob withdraws assets, alice redeems shares and carol passes some on, spread over what is left.
      await passTime(fromBlock + 140_000n);
      await flow(vault.connect(bob).withdraw(parseUnits("1", 18), await bob.getAddress(), await bob.getAddress()));
      await passTime(fromBlock + 190_000n);
      await flow(vault.connect(alice).redeem((await vault.balanceOf(await alice.getAddress())) / 2n, await alice.getAddress(), await alice.getAddress()));
      await flow(vault.connect(carol).transfer(await bob.getAddress(), (await vault.balanceOf(await carol.getAddress())) / 3n));
      toBlock = fromBlock + spannedBlocks - 1n;
      await mineUntilNextTransactionLandsIn(toBlock + 1n);
      expect(await latestBlock()).to.equal(toBlock);
    });

    after(async function () {
      await closeConnection?.();
      await proxy?.close();
      await node?.stop();
    });

    describe("getFlowHistory with chunkSize 10,000 and concurrency 4 up to the latest block", function () {
      let flows: FlowRecord[];
      let progress: LogsChunkProgress[];
      const expectedChunks = Math.ceil(Number(spannedBlocks) / chunkSize);

      before(async function () {
        progress = [];
        proxy.reset();
        flows = await getFlowHistory(client, { vault: vaultAddress, fromBlock, chunkSize, concurrency, onProgress: (report) => progress.push(report) });
      });

      it("asks for the latest block once, then sends only bounded eth_getLogs, none over 10,000 blocks", function () {
        expect(proxy.counts()).to.deep.equal({ eth_blockNumber: 1, eth_getLogs: expectedChunks });
        for (const span of getLogsSpans()) expect(span.toBlock - span.fromBlock + 1n <= BigInt(chunkSize)).to.equal(true);
      });

      it("covers every block from fromBlock to the latest exactly once: twenty full chunks and the remainder", function () {
        const spans = getLogsSpans();
        expect(spans).to.have.length(21);
        expectTiling(spans, fromBlock, toBlock, chunkSize);
        expect(spans.slice(0, 20).every((span) => span.toBlock - span.fromBlock + 1n === BigInt(chunkSize))).to.equal(true);
        expect(spans[20]!.toBlock - spans[20]!.fromBlock + 1n).to.equal(spannedBlocks % BigInt(chunkSize));
      });

      it("reports progress after each chunk, up to every block scanned", function () {
        expect(progress).to.have.length(expectedChunks);
        expect(progress.map((report) => report.chunksDone)).to.deep.equal(Array.from({ length: expectedChunks }, (_, index) => index + 1));
        for (const report of progress) {
          expect(report.chunksTotal).to.equal(expectedChunks);
          expect(report.totalBlocks).to.equal(spannedBlocks);
        }
        expect(progress.at(-1)!.scannedBlocks).to.equal(spannedBlocks);
        expectTiling([...progress].sort((a, b) => (a.fromBlock < b.fromBlock ? -1 : 1)), fromBlock, toBlock, chunkSize);
      });

      it("returns the flows the receipts record, oldest first, without the mints and burns", function () {
        expect(flows.map((record) => record.kind)).to.deep.equal(["deposit", "deposit", "transfer", "withdraw", "withdraw", "transfer"]);
        expect(flows).to.deep.equal(expectedFlows);
      });

      it("finds the flows on both sides of a chunk boundary", function () {
        expect(flows[1]!.blockNumber).to.equal(fromBlock + BigInt(chunkSize) - 1n);
        expect(flows[2]!.blockNumber).to.equal(fromBlock + BigInt(chunkSize));
      });

      it("equals, flow for flow, a single unchunked read of the same range", async function () {
        proxy.reset();
        const single = await getFlowHistory(client, { vault: vaultAddress, fromBlock, toBlock, chunkSize: Number(spannedBlocks) });
        expect(proxy.counts()).to.deep.equal({ eth_getLogs: 1 });
        expect(single).to.deep.equal(flows);
      });
    });

    it("getRebalanceHistory reads the same chunks and equals a single read and the rebalance's receipt", async function () {
      proxy.reset();
      const chunked = await getRebalanceHistory(client, { vault: vaultAddress, fromBlock, toBlock, chunkSize, concurrency });
      expectTiling(getLogsSpans(), fromBlock, toBlock, chunkSize);
      const single = await getRebalanceHistory(client, { vault: vaultAddress, fromBlock, toBlock, chunkSize: Number(spannedBlocks) });
      expect(chunked).to.deep.equal(single);
      expect(chunked).to.have.length(1);
      const [record] = chunked;
      const emitted = rebalanceReceipt.logs.map((log) => vault.interface.parseLog(log)).find((parsed) => parsed?.name === "Rebalanced")!;
      expect(record!.transactionHash).to.equal(rebalanceReceipt.hash);
      expect(record!.blockNumber).to.equal(BigInt(rebalanceReceipt.blockNumber));
      expect(record!.caller).to.equal(await addressOf(keeper));
      expect(record!.leverageBefore).to.equal(emitted.args.leverageBefore);
      expect(record!.leverageAfter).to.equal(emitted.args.leverageAfter);
      expect(record!.amountIn).to.equal(emitted.args.amountIn);
      expect(record!.amountOut).to.equal(emitted.args.amountOut);
    });

    it("refuses a chunkSize or concurrency that is not a positive integer before sending any request", async function () {
      proxy.reset();
      const badChunkSize = await rejectionOf(getFlowHistory(client, { vault: vaultAddress, fromBlock, chunkSize: 0 }));
      expect(badChunkSize).to.be.instanceOf(RangeError);
      expect(badChunkSize.message).to.equal("chunkSize must be a positive integer (got 0)");
      const badConcurrency = await rejectionOf(getFlowHistory(client, { vault: vaultAddress, fromBlock, concurrency: 2.5 }));
      expect(badConcurrency).to.be.instanceOf(RangeError);
      expect(badConcurrency.message).to.equal("concurrency must be a positive integer (got 2.5)");
      expect(proxy.counts()).to.deep.equal({});
    });

    it("refuses a fromBlock after the latest block, naming both", async function () {
      const error = await rejectionOf(getRebalanceHistory(client, { vault: vaultAddress, fromBlock: toBlock + 1n }));
      expect(error).to.be.instanceOf(RangeError);
      expect(error.message).to.equal(`fromBlock must not be after toBlock (got fromBlock ${toBlock + 1n}, toBlock ${toBlock})`);
    });
  });
});
