import { QueryClient } from "@tanstack/query-core";
import { expect } from "chai";
import { parseUnits } from "ethers";
import { createPublicClient, custom, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import {
  createIndexerClient,
  getRebalanceHistory,
  IndexerRequestError,
  getAccountPositionsQueryOptions,
  getNavHistoryQueryOptions,
  getVaultsPerformanceQueryOptions,
  getFlowHistory,
  getFlowHistoryQueryOptions,
  getPosition,
  getPositionQueryOptions,
  getRebalanceHistoryQueryOptions,
  getVaultState,
  getVaultStateQueryOptions,
  leveragedVaultQueryKey,
  previewDeposit,
  previewDepositQueryOptions,
  previewMint,
  previewMintQueryOptions,
  previewRedeem,
  previewRedeemQueryOptions,
  previewWithdraw,
  previewWithdrawQueryOptions,
  type LogsChunkProgress,
} from "../../sdk/src/index.js";
import { connection, networkHelpers } from "../fixtures/local-stack.js";
import { deployVaults } from "../fixtures/vaults.js";

async function queryOptionsFixture() {
  const fixture = await deployVaults("morpho");
  await fixture.long.vault.connect(fixture.alice).deposit(parseUnits("10", 18), fixture.alice.address);
  return fixture;
}

const publicClient = createPublicClient({
  chain: hardhat,
  transport: custom(connection.provider as unknown as EIP1193Provider, { retryCount: 0 }),
});

describe("sdk TanStack Query options", function () {
  it("getVaultStateQueryOptions keys by chain and vault, and its queryFn returns getVaultState", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const options = getVaultStateQueryOptions(publicClient, { vault });
    expect(options.queryKey).to.deep.equal(["leveraged-vault", "getVaultState", { chainId: hardhat.id, vault }]);
    expect(await options.queryFn()).to.deep.equal(await getVaultState(publicClient, { vault }));
  });

  it("getPositionQueryOptions returns the holder's getPosition", async function () {
    const { long, alice } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const user = alice.address as Address;
    const options = getPositionQueryOptions(publicClient, { vault, user });
    expect(options.queryKey[2]).to.deep.equal({ chainId: hardhat.id, vault, user });
    const position = await options.queryFn();
    expect(position).to.deep.equal(await getPosition(publicClient, { vault, user }));
    expect(position.shares).to.equal(await long.vault.balanceOf(alice.address));
  });

  it("the four preview options return the vault's own previews, with amounts in the key as decimal strings", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const assets = parseUnits("1", 18);
    const shares = parseUnits("1", 24);
    const deposit = previewDepositQueryOptions(publicClient, { vault, assets });
    expect(deposit.queryKey).to.deep.equal(["leveraged-vault", "previewDeposit", { chainId: hardhat.id, vault, assets: assets.toString() }]);
    expect(await deposit.queryFn()).to.equal(await previewDeposit(publicClient, { vault, assets }));
    expect(await previewMintQueryOptions(publicClient, { vault, shares }).queryFn()).to.equal(await previewMint(publicClient, { vault, shares }));
    expect(await previewWithdrawQueryOptions(publicClient, { vault, assets }).queryFn()).to.equal(await previewWithdraw(publicClient, { vault, assets }));
    expect(await previewRedeemQueryOptions(publicClient, { vault, shares }).queryFn()).to.equal(await previewRedeem(publicClient, { vault, shares }));
  });

  it("runs in a TanStack QueryClient with its default key hashing, caching by key", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const queryClient = new QueryClient();
    const one = previewDepositQueryOptions(publicClient, { vault, assets: parseUnits("1", 18) });
    const two = previewDepositQueryOptions(publicClient, { vault, assets: parseUnits("2", 18) });
    const first = await queryClient.fetchQuery(one);
    const second = await queryClient.fetchQuery(two);
    expect(second > first).to.equal(true);
    expect(queryClient.getQueryData(one.queryKey)).to.equal(first);
    expect(queryClient.getQueryCache().findAll({ queryKey: ["leveraged-vault", "previewDeposit"] })).to.have.length(2);
    queryClient.clear();
  });

  it("getRebalanceHistoryQueryOptions lists the vault's rebalances (none yet)", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const options = getRebalanceHistoryQueryOptions(publicClient, { vault, fromBlock: 0n });
    expect(options.queryKey[2]).to.deep.equal({ chainId: hardhat.id, vault, fromBlock: "0" });
    expect(await options.queryFn()).to.deep.equal([]);
  });

  it("getFlowHistoryQueryOptions keys by chain, vault and blocks, and its queryFn returns getFlowHistory (alice's deposit)", async function () {
    const { long, alice } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const toBlock = await publicClient.getBlockNumber();
    const options = getFlowHistoryQueryOptions(publicClient, { vault, fromBlock: 0n, toBlock });
    expect(options.queryKey).to.deep.equal(["leveraged-vault", "getFlowHistory", { chainId: hardhat.id, vault, fromBlock: "0", toBlock: toBlock.toString() }]);
    const flows = await options.queryFn();
    expect(flows).to.deep.equal(await getFlowHistory(publicClient, { vault, fromBlock: 0n, toBlock }));
    expect(flows.map(({ kind, owner }) => ({ kind, owner }))).to.deep.equal([{ kind: "deposit", owner: alice.address }]);
  });

  it("a history's key leaves out how it is read (chunkSize, concurrency, onProgress), and its queryFn still reports progress", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const progress: LogsChunkProgress[] = [];
    const onProgress = (report: LogsChunkProgress) => progress.push(report);
    for (const historyQueryOptions of [getFlowHistoryQueryOptions, getRebalanceHistoryQueryOptions]) {
      const plain = historyQueryOptions(publicClient, { vault, fromBlock: 0n });
      const tuned = historyQueryOptions(publicClient, { vault, fromBlock: 0n, chunkSize: 10, concurrency: 2, onProgress });
      expect(tuned.queryKey).to.deep.equal(plain.queryKey);
      progress.length = 0;
      await tuned.queryFn();
      expect(progress.at(-1)!.scannedBlocks).to.equal(progress.at(-1)!.totalBlocks);
      expect(progress).to.have.length(progress.at(-1)!.chunksTotal);
    }
  });

  it("a history's key treats toBlock \"latest\" as omitted: both read up to the latest block", async function () {
    const { long } = await networkHelpers.loadFixture(queryOptionsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    expect(getFlowHistoryQueryOptions(publicClient, { vault, fromBlock: 5n, toBlock: "latest" }).queryKey).to.deep.equal(
      getFlowHistoryQueryOptions(publicClient, { vault, fromBlock: 5n }).queryKey,
    );
  });

  it("indexer-backed reads key by the indexer's GraphQL URL (RPC reads have none), and multi-vault reads by their vaults in order", function () {
    const indexer = createIndexerClient({ url: "http://127.0.0.1:42069" });
    const vault = "0x0000000000000000000000000000000000000001" as Address;
    const other = "0x0000000000000000000000000000000000000002" as Address;
    expect(getFlowHistoryQueryOptions(publicClient, { vault, fromBlock: 0n, indexer }).queryKey[2]).to.deep.equal({ chainId: hardhat.id, vault, fromBlock: "0", indexer: "http://127.0.0.1:42069/graphql" });
    expect(getNavHistoryQueryOptions(publicClient, { vault, fromBlock: 0n }).queryKey[2]).to.deep.equal({ chainId: hardhat.id, vault, fromBlock: "0" });
    const vaults = [{ vault, createdAtBlock: 1n }, { vault: other, createdAtBlock: 2n }];
    expect(getVaultsPerformanceQueryOptions(publicClient, { vaults, indexer }).queryKey[2]).to.deep.equal({ chainId: hardhat.id, vaults: `${vault},${other}`, indexer: indexer.url });
    expect(getAccountPositionsQueryOptions(publicClient, { account: other, vaults, blockNumber: 9n }).queryKey[2]).to.deep.equal({ chainId: hardhat.id, account: other, vaults: `${vault},${other}`, blockNumber: "9" });
  });

  it("an indexer URL must be absolute http(s); it names what it got", function () {
    expect(createIndexerClient({ url: "https://indexer.example.org/" }).url).to.equal("https://indexer.example.org/graphql");
    expect(createIndexerClient({ url: "https://indexer.example.org/graphql" }).url).to.equal("https://indexer.example.org/graphql");
    expect(() => createIndexerClient({ url: "indexer:42069" })).to.throw(TypeError, 'got "indexer:42069"');
    expect(() => createIndexerClient({ url: "localhost" })).to.throw(TypeError, 'got "localhost"');
  });

  it("an indexer that answers with GraphQL errors or an HTTP error fails the read with IndexerRequestError naming the URL and the reason", async function () {
    const vault = "0x0000000000000000000000000000000000000001" as Address;
    const answering = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;
    const broken = createIndexerClient({ url: "http://indexer.test", fetch: answering(200, { errors: [{ message: 'Unknown argument "blockNumber_gte"' }] }) });
    const error = await getRebalanceHistory(publicClient, { vault, fromBlock: 0n, indexer: broken }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(IndexerRequestError);
    expect((error as IndexerRequestError).url).to.equal("http://indexer.test/graphql");
    expect((error as IndexerRequestError).reason).to.equal('Unknown argument "blockNumber_gte"');
    const down = createIndexerClient({ url: "http://indexer.test", fetch: answering(503, {}) });
    const unavailable = await getRebalanceHistory(publicClient, { vault, fromBlock: 0n, indexer: down }).catch((caught: unknown) => caught);
    expect((unavailable as IndexerRequestError).reason).to.match(/^HTTP 503/);
  });

  it("a query key leaves out undefined parameters and refuses ones that cannot be keyed", function () {
    expect(leveragedVaultQueryKey(publicClient, "getVaultState", { vault: "0x01", blockNumber: undefined })).to.deep.equal([
      "leveraged-vault",
      "getVaultState",
      { chainId: hardhat.id, vault: "0x01" },
    ]);
    expect(() => leveragedVaultQueryKey(publicClient, "getVaultState", { vault: { nested: true } })).to.throw(TypeError, /"vault"/);
  });
});
