/** The indexer's position book and settings, pure: average cost, realised profit, transfers, and errors naming the field. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";

import { deposited, EMPTY_POSITION, sharesBurnt, sharesMinted, transferred, unrealisedPnl, withdrew } from "../../sdk/src/index.js";
import { IndexerConfigError, indexerSettings } from "../../indexer/src/config.js";

describe("The indexer's position book", function () {
  it("a deposit adds its assets to the cost basis; a withdrawal takes its shares' pro-rata cost and realises the rest", function () {
    let book = deposited(sharesMinted(EMPTY_POSITION, 100n), 1_000n, 3_000n);
    book = deposited(sharesMinted(book, 100n), 3_000n, 9_000n); // 200 shares cost 4,000: 20 each
    book = withdrew(sharesBurnt(book, 50n), 1_500n, 50n); // 50 shares cost 1,000, paid 1,500
    expect(book).to.deep.include({ shares: 150n, costBasis: 3_000n, costBasisUsd: 9_000n, deposited: 4_000n, withdrawn: 1_500n, realisedPnl: 500n });
    expect(unrealisedPnl(book, 2_400n)).to.equal(-600n);
  });

  it("a transfer moves the shares' pro-rata cost basis from sender to receiver and realises nothing", function () {
    const alice = deposited(sharesMinted(EMPTY_POSITION, 300n), 600n, 1_800n);
    const { from, to } = transferred(alice, EMPTY_POSITION, 100n);
    expect(from).to.deep.include({ shares: 200n, costBasis: 400n, costBasisUsd: 1_200n, transferredCost: -200n, realisedPnl: 0n });
    expect(to).to.deep.include({ shares: 100n, costBasis: 200n, costBasisUsd: 600n, transferredCost: 200n, realisedPnl: 0n });
  });

  it("a full exit realises everything and leaves no cost basis", function () {
    const book = withdrew(sharesBurnt(deposited(sharesMinted(EMPTY_POSITION, 7n), 1_000n, 0n), 7n), 990n, 7n);
    expect(book).to.deep.include({ shares: 0n, costBasis: 0n, realisedPnl: -10n });
  });
});

describe("The indexer's settings", function () {
  const base = { INDEXER_RPC_URL: "http://127.0.0.1:8545", INDEXER_CHAIN_ID: "31337", INDEXER_REGISTRY: "0x" + "ab".repeat(20) };

  it("reads a deployment record: chain id, registry, and the first vault's block to start from", async function () {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "indexer-settings-")), "deployment.json");
    await writeFile(file, JSON.stringify({ chainId: 84532, infrastructure: { VaultRegistry: base.INDEXER_REGISTRY }, vaults: [{ blockNumber: 120 }, { blockNumber: 90 }] }));
    expect(indexerSettings({ INDEXER_RPC_URL: base.INDEXER_RPC_URL, INDEXER_DEPLOYMENT: file })).to.deep.include({ chainId: 84532, registry: base.INDEXER_REGISTRY, startBlock: 90, snapshotBlocks: 100 });
  });

  it("reads Multicall3 from INDEXER_MULTICALL3, else the deployment record, else viem's definition of the chain", async function () {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "indexer-settings-")), "deployment.json");
    const recorded = "0x" + "cd".repeat(20);
    await writeFile(file, JSON.stringify({ chainId: 31337, infrastructure: { VaultRegistry: base.INDEXER_REGISTRY }, multicall3: recorded }));
    expect(indexerSettings({ INDEXER_RPC_URL: base.INDEXER_RPC_URL, INDEXER_DEPLOYMENT: file }).multicall3).to.equal(recorded);
    expect(indexerSettings({ ...base, INDEXER_DEPLOYMENT: file, INDEXER_MULTICALL3: base.INDEXER_REGISTRY }).multicall3).to.equal(base.INDEXER_REGISTRY);
    // Base Sepolia: viem lists Multicall3 at its canonical address.
    expect(indexerSettings({ ...base, INDEXER_CHAIN_ID: "84532" }).multicall3.toLowerCase()).to.equal("0xca11bde05977b3631167028862be2a173976ca11");
  });

  for (const [field, env, message] of [
    ["INDEXER_RPC_URL", { ...base, INDEXER_RPC_URL: "not a url" }, "INDEXER_RPC_URL: must be an http(s) or ws(s) URL"],
    ["INDEXER_REGISTRY", { ...base, INDEXER_REGISTRY: "0x1234" }, "INDEXER_REGISTRY: must be a 0x-prefixed 20-byte address"],
    ["INDEXER_CHAIN_ID", { INDEXER_RPC_URL: base.INDEXER_RPC_URL, INDEXER_REGISTRY: base.INDEXER_REGISTRY }, "INDEXER_CHAIN_ID: required when no INDEXER_DEPLOYMENT is given"],
    ["INDEXER_SNAPSHOT_BLOCKS", { ...base, INDEXER_SNAPSHOT_BLOCKS: "0" }, "INDEXER_SNAPSHOT_BLOCKS"],
    ["INDEXER_DEPLOYMENT", { ...base, INDEXER_DEPLOYMENT: "/nonexistent/deployment.json" }, "INDEXER_DEPLOYMENT: cannot read /nonexistent/deployment.json"],
    ["INDEXER_MULTICALL3", { ...base, INDEXER_MULTICALL3: "0xca11" }, "INDEXER_MULTICALL3: must be a 0x-prefixed 20-byte address"],
    ["INDEXER_MULTICALL3 (none known for the chain)", base, "INDEXER_MULTICALL3: required: chain 31337 has no Multicall3 in viem/chains"],
  ] as const) {
    it(`refuses a bad ${field}, naming it`, function () {
      expect(() => indexerSettings(env)).to.throw(IndexerConfigError, message);
    });
  }
});
