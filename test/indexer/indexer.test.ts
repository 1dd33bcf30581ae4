/**
 * The Ponder indexer against a node running the real stack: vaults found from the registry, a
 * scripted scenario (deposits, a mint, a share transfer, rebalances down and up, an emergency, a
 * guardian's parameter change and pause, a withdraw and a redeem), then every indexed figure checked
 * against the chain's own reads and logs at the same block, in integers. Two indexers read the same
 * node: one on the embedded PGlite (no configuration), one on a real PostgreSQL server
 * (`DATABASE_URL`, Debian's postgresql started on a free port), and every check runs on both.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import { parseUnits, type Result, type Signer } from "ethers";

import { runScript } from "../helpers/run-script.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { startIndexer, type RunningIndexer } from "../../scripts/processes/indexer.js";
import { startPostgres, type RunningPostgres } from "../../scripts/processes/postgres.js";
import { connectLocalStack, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { depositAssets, depositWeth } from "../../scripts/vault/deposit-weth.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { createPublicClient, http, type Address, type PublicClient } from "viem";

import {
  createIndexerClient,
  getAccountPositions,
  getFlowHistory,
  getNavHistory,
  getRebalanceHistory,
  getVaults,
  getVaultsPerformance,
  lastBlockAtOrBefore,
  vaultPerformance,
} from "../../sdk/src/index.js";


interface IndexedPosition {
  vault: string;
  account: string;
  shares: string;
  costBasis: string;
  costBasisUsd: string;
  deposited: string;
  withdrawn: string;
  transferredCost: string;
  realisedPnl: string;
}
interface IndexedSnapshot {
  vault: string;
  blockNumber: string;
  totalAssets: string;
  totalSupply: string;
  navPerShare: string;
  leverage: string;
}

const DATABASES = ["PGlite", "PostgreSQL"] as const;
const DAY = 86_400;
type Database = (typeof DATABASES)[number];

describe("The indexer (Ponder, on embedded PGlite and on a PostgreSQL server) against a node running the stack", function () {
  this.timeout(600_000);
  let node: RunningNode;
  let postgres: RunningPostgres;
  const indexers = {} as Record<Database, RunningIndexer>;
  let folder: string;
  let stack: LocalStack;
  let vaults: { long: ILeveragedVault; inverse: ILeveragedVault };
  let signers: Signer[];
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let closeConnection: () => Promise<void>;

  async function latestBlock(): Promise<number> {
    return await ethers.provider.getBlockNumber();
  }
  async function increaseTime(seconds: number) {
    await ethers.provider.send("evm_increaseTime", [seconds]);
    await ethers.provider.send("evm_mine", []);
  }
  async function rebalanceWhenDue(vault: ILeveragedVault, caller: Signer) {
    const { readyAt } = await vault.rebalanceStatus();
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    if (Number(readyAt) > now) await increaseTime(Number(readyAt) - now + 1);
    await (await vault.connect(caller).rebalance()).wait();
  }

  before(async function () {
    node = await startHardhatNode();
    const deployments = await mkdtemp(path.join(tmpdir(), "leveraged-vault-indexer-"));
    folder = path.join(deployments, "localhost");
    const deploy = await runScript("scripts/deploy/main.ts", ["--deployments", deployments, "--vaults", "long,inverse"], { LOCALHOST_RPC_URL: node.url });
    expect(deploy.code, deploy.output).to.equal(0);
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    ethers = connection.ethers;
    closeConnection = () => connection.close();
    signers = await ethers.getSigners();
    stack = await connectLocalStack(ethers, JSON.parse(await readFile(path.join(folder, "stack.json"), "utf8")));
    const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    const at = (symbol: string) => ethers.getContractAt("ILeveragedVault", record.vaults.find((entry: { symbol: string }) => entry.symbol === symbol).vault) as unknown as Promise<ILeveragedVault>;
    vaults = { long: await at("ETH2X"), inverse: await at("iETH2X") };
    postgres = await startPostgres();
    const deploymentFile = path.join(folder, "deployment.json");
    [indexers.PGlite, indexers.PostgreSQL] = await Promise.all([
      startIndexer({ rpcUrl: node.url, deploymentFile, pgliteDirectory: path.join(deployments, "pglite"), snapshotBlocks: 5 }),
      startIndexer({ rpcUrl: node.url, deploymentFile, databaseUrl: postgres.url, snapshotBlocks: 5 }),
    ]);
  });

  async function bothIndexed() {
    const block = await latestBlock();
    await Promise.all(DATABASES.map((database) => indexers[database].waitForBlock(block)));
  }

  after(async function () {
    await Promise.all(DATABASES.map((database) => indexers[database]?.stop()));
    await postgres?.stop();
    await closeConnection?.();
    await node?.stop();
    if (folder) await rm(path.dirname(folder), { recursive: true, force: true });
  });

  for (const database of DATABASES)
    it(`${database}: lists the registry's vaults, read from VaultCreated`, async function () {
      const indexer = indexers[database];
      await indexer.waitForBlock(await latestBlock());
      const { vaults: listed } = await indexer.graphql<{ vaults: { items: { address: string; symbol: string; decimals: number }[] } }>("{ vaults { items { address symbol decimals } } }");
      const bySymbol = Object.fromEntries(listed.items.map((item) => [item.symbol, item]));
      expect(Object.keys(bySymbol).sort()).to.deep.equal(["ETH2X", "iETH2X"]);
      expect(bySymbol.ETH2X.address).to.equal((await vaults.long.getAddress()).toLowerCase());
      expect(bySymbol.ETH2X.decimals).to.equal(Number(await vaults.long.decimals()));
    });

  it("the PostgreSQL indexer's tables are in the server, in its schema", async function () {
    await indexers.PostgreSQL.waitForBlock(await latestBlock());
    expect(postgres.query("select count(*) from leveraged_vault.vault")).to.equal("2");
    expect(postgres.query("select symbol from leveraged_vault.vault order by symbol")).to.equal("ETH2X\niETH2X");
  });

  describe("after a scripted scenario", function () {
    const [alice, bob, carol] = [2, 3, 4];
    before(async function () {
      const [guardian, keeper] = [signers[0], signers[1]];
      const long = vaults.long;
      await depositWeth(stack, await long.getAddress(), signers[alice], 10);
      await depositWeth(stack, await long.getAddress(), signers[bob], 4);
      await depositAssets(stack, await vaults.inverse.getAddress(), signers[alice], 20_000);
      // Carol mints a fixed number of shares.
      await (await stack.tokens.weth.connect(stack.signer).mint(await signers[carol].getAddress(), parseUnits("10", 18))).wait();
      await (await stack.tokens.weth.connect(signers[carol]).approve(await long.getAddress(), parseUnits("10", 18))).wait();
      await (await long.connect(signers[carol]).mint((await long.balanceOf(await signers[bob].getAddress())) / 2n, await signers[carol].getAddress())).wait();
      // Time passes between the steps (24 days, 6 days, 25 hours), so the 30-day, 7-day and 24-hour
      // windows of the metrics each start at a different snapshot.
      await increaseTime(24 * DAY);
      await moveMarket(stack, 3000, { alsoRefresh: [stack.feeds.usdcUsd] });
      // Alice gives a quarter of her shares to carol.
      await (await long.connect(signers[alice]).transfer(await signers[carol].getAddress(), (await long.balanceOf(await signers[alice].getAddress())) / 4n)).wait();
      // Down, then up, then an emergency that anyone may take.
      await increaseTime(6 * DAY);
      await moveMarket(stack, 2700, { alsoRefresh: [stack.feeds.usdcUsd] });
      await rebalanceWhenDue(long, keeper);
      await increaseTime(DAY + 3600);
      await moveMarket(stack, 3100, { alsoRefresh: [stack.feeds.usdcUsd] });
      await rebalanceWhenDue(long, keeper);
      await moveMarket(stack, 2400, { alsoRefresh: [stack.feeds.usdcUsd] });
      await (await long.connect(signers[5]).rebalance()).wait();
      // The guardian lowers the trade cap at once (a change that only reduces risk).
      const asObject = (struct: unknown) => (struct as Result).toObject() as Record<string, unknown>;
      const risk = { ...asObject(await long.riskParameters()), maxTradeSize: parseUnits("100", 18) };
      await (await long.connect(guardian).updateParameters(risk as never, asObject(await long.oracleParameters()) as never)).wait();
      // Bob withdraws assets; alice redeems half of what she kept.
      await (await long.connect(signers[bob]).withdraw(parseUnits("1", 18), await signers[bob].getAddress(), await signers[bob].getAddress())).wait();
      const half = (await long.balanceOf(await signers[alice].getAddress())) / 2n;
      await (await long.connect(signers[alice]).redeem(half, await signers[alice].getAddress(), await signers[alice].getAddress())).wait();
      // The guardian pauses deposits (resuming them is the timelock's); exits stay open.
      await (await long.connect(guardian).setDepositsPaused(true)).wait();
      await bothIndexed();
    });

    for (const database of DATABASES)
      describe(`read from ${database}`, function () {
        let indexer: RunningIndexer;
        before(function () {
          indexer = indexers[database];
        });

        async function positions(): Promise<IndexedPosition[]> {
          const fields = "vault account shares costBasis costBasisUsd deposited withdrawn transferredCost realisedPnl";
          return (await indexer.graphql<{ positions: { items: IndexedPosition[] } }>(`{ positions(limit: 1000) { items { ${fields} } } }`)).positions.items;
        }

        it("every holder's shares equal the vault's balanceOf, and they add up to totalSupply", async function () {
          const rows = await positions();
          for (const vault of Object.values(vaults)) {
            const address = (await vault.getAddress()).toLowerCase();
            const held = rows.filter((row) => row.vault === address);
            expect(held.length, "holders indexed").to.be.greaterThan(0);
            for (const row of held) expect(BigInt(row.shares), row.account).to.equal(await vault.balanceOf(row.account));
            expect(held.reduce((sum, row) => sum + BigInt(row.shares), 0n)).to.equal(await vault.totalSupply());
          }
        });

        it("every NAV snapshot equals the chain's totalAssets, totalSupply, convertToAssets and leverage at its block", async function () {
          const { snapshots } = await indexer.graphql<{ snapshots: { items: IndexedSnapshot[] } }>(
            "{ snapshots(limit: 1000) { items { vault blockNumber totalAssets totalSupply navPerShare leverage } } }",
          );
          expect(snapshots.items.length).to.be.greaterThan(20);
          for (const row of snapshots.items) {
            const vault = row.vault === (await vaults.long.getAddress()).toLowerCase() ? vaults.long : vaults.inverse;
            expect(row.vault, "a vault of the scenario").to.equal((await vault.getAddress()).toLowerCase());
            const blockTag = Number(row.blockNumber);
            const oneShare = 10n ** (await vault.decimals());
            expect(BigInt(row.totalAssets), `totalAssets at ${blockTag}`).to.equal(await vault.totalAssets({ blockTag }));
            expect(BigInt(row.totalSupply), `totalSupply at ${blockTag}`).to.equal(await vault.totalSupply({ blockTag }));
            expect(BigInt(row.navPerShare), `navPerShare at ${blockTag}`).to.equal(await vault.convertToAssets(oneShare, { blockTag }));
            expect(BigInt(row.leverage), `leverage at ${blockTag}`).to.equal((await vault.positionState({ blockTag })).leverage);
          }
        });

        it("each holder's deposits and withdrawals equal the chain's Deposit and Withdraw logs, and realised plus unrealised profit equals net flows plus the shares' value", async function () {
          const long = vaults.long;
          const [depositLogs, withdrawLogs] = [await long.queryFilter(long.filters.Deposit()), await long.queryFilter(long.filters.Withdraw())];
          const address = (await long.getAddress()).toLowerCase();
          for (const row of (await positions()).filter((entry) => entry.vault === address)) {
            const account = row.account.toLowerCase();
            const depositedOnChain = depositLogs.filter((log) => log.args.owner.toLowerCase() === account).reduce((sum, log) => sum + log.args.assets, 0n);
            const withdrawnOnChain = withdrawLogs.filter((log) => log.args.owner.toLowerCase() === account).reduce((sum, log) => sum + log.args.assets, 0n);
            expect(BigInt(row.deposited), `${account} deposited`).to.equal(depositedOnChain);
            expect(BigInt(row.withdrawn), `${account} withdrew`).to.equal(withdrawnOnChain);
            const value = await long.convertToAssets(BigInt(row.shares));
            const realised = BigInt(row.realisedPnl);
            const unrealised = value - BigInt(row.costBasis);
            expect(realised + unrealised, account).to.equal(withdrawnOnChain - depositedOnChain - BigInt(row.transferredCost) + value);
          }
          // Carol received shares from alice: their cost basis came with them, and alice's left.
          const byAccount = Object.fromEntries((await positions()).filter((entry) => entry.vault === address).map((entry) => [entry.account.toLowerCase(), entry]));
          const [aliceAddress, carolAddress] = [(await signers[alice].getAddress()).toLowerCase(), (await signers[carol].getAddress()).toLowerCase()];
          expect(BigInt(byAccount[carolAddress].transferredCost)).to.be.greaterThan(0n);
          expect(BigInt(byAccount[carolAddress].transferredCost)).to.equal(-BigInt(byAccount[aliceAddress].transferredCost));
          expect(BigInt(byAccount[aliceAddress].costBasisUsd)).to.be.greaterThan(0n);
        });

        it("each vault's metrics are the SDK's vaultPerformance over its indexed snapshots, and its returns are the chain's NAV per share now against the window's start block", async function () {
          const fields = "vault blockNumber timestamp navPerShare return24h return7d return30d windowSince realisedVolatility vaultMultiple idealMultiple gapToIdeal";
          const { vaultMetricss: metrics } = await indexer.graphql<{ vaultMetricss: { items: Record<string, string | number | null>[] } }>(`{ vaultMetricss { items { ${fields} } } }`);
          expect(metrics.items).to.have.length(2);
          for (const [kind, vault] of Object.entries(vaults)) {
            const address = (await vault.getAddress()).toLowerCase();
            const row = metrics.items.find((item) => item.vault === address)!;
            const { snapshots } = await indexer.graphql<{ snapshots: { items: { blockNumber: string; timestamp: string; navPerShare: string; price: string }[] } }>(
              `{ snapshots(where: { vault: "${address}" }, orderBy: "blockNumber", limit: 1000) { items { blockNumber timestamp navPerShare price } } }`,
            );
            const upTo = snapshots.items.filter((snapshot) => BigInt(snapshot.blockNumber) <= BigInt(row.blockNumber!));
            const targetLeverage = Number((await vault.riskParameters()).targetLeverage) / 1e18;
            const points = upTo.map((snapshot) => ({ timestamp: BigInt(snapshot.timestamp), navPerShare: BigInt(snapshot.navPerShare), price: BigInt(snapshot.price) }));
            const expected = vaultPerformance({ points, targetLeverage, now: BigInt(row.timestamp!) });
            expect(row.return24h, `${kind} 24h`).to.equal(expected.returns["24h"].value);
            expect(row.return7d, `${kind} 7d`).to.equal(expected.returns["7d"].value);
            expect(row.return30d, `${kind} 30d`).to.equal(expected.returns["30d"].value);
            expect([row.realisedVolatility, row.vaultMultiple, row.idealMultiple, row.gapToIdeal], kind).to.deep.equal([
              expected.window.realisedVolatility,
              expected.window.vaultMultiple,
              expected.window.idealMultiple,
              expected.window.gapToIdeal,
            ]);
            expect(Number(row.windowSince)).to.equal(expected.window.since);
            // The scenario spans 31 days: every window has a start, and the three starts differ.
            const starts = (["24h", "7d", "30d"] as const).map((window) => expected.returns[window].since);
            expect(new Set(starts).size, `${kind} window starts`).to.equal(3);
            // Against the chain: NAV per share at the metrics' block over NAV per share at each start's block.
            const oneShare = 10n ** (await vault.decimals());
            const navNow = await vault.convertToAssets(oneShare, { blockTag: Number(row.blockNumber) });
            expect(BigInt(row.navPerShare!)).to.equal(navNow);
            for (const window of ["24h", "7d", "30d"] as const) {
              const start = upTo.filter((snapshot) => Number(snapshot.timestamp) === expected.returns[window].since).at(-1)!;
              const navThen = await vault.convertToAssets(oneShare, { blockTag: Number(start.blockNumber) });
              expect(expected.returns[window].value, `${kind} ${window}`).to.equal(Number(navNow) / Number(navThen) - 1);
            }
            expect(expected.window.realisedVolatility, kind).to.be.greaterThan(0);
          }
        });

        describe("the SDK", function () {
          let client: PublicClient;
          let listings: { vault: Address; createdAtBlock: bigint }[];
          let toBlock: bigint;
          before(async function () {
            client = createPublicClient({ transport: http(node.url) });
            const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
            listings = (record.vaults as { vault: Address; createdAtBlock?: number; symbol: string }[])
              .filter((entry) => entry.symbol === "ETH2X" || entry.symbol === "iETH2X")
              .map((entry) => ({ vault: entry.vault, createdAtBlock: 0n }));
            toBlock = BigInt(await latestBlock());
          });

          it("lists the registry's vaults from the indexer as the registry lists them: every page, the kind filter and the pair filter", async function () {
            const sdkIndexer = createIndexerClient({ url: indexer.url });
            const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
            const registry = record.infrastructure.VaultRegistry as Address;
            const blockNumber = toBlock;
            for (const page of [{ offset: 0n, limit: 100n }, { offset: 1n, limit: 1n }, { offset: 5n, limit: 2n }]) {
              expect(await getVaults(client, { registry, ...page, indexer: sdkIndexer })).to.deep.equal(await getVaults(client, { registry, ...page, blockNumber }));
            }
            const [first] = (await getVaults(client, { registry, blockNumber })).vaults;
            const byKind = { registry, kind: first!.kind };
            expect(await getVaults(client, { ...byKind, indexer: sdkIndexer })).to.deep.equal(await getVaults(client, { ...byKind, blockNumber }));
            const byPair = { registry, collateralToken: first!.collateralToken, debtToken: first!.debtToken };
            const pair = await getVaults(client, { ...byPair, blockNumber });
            expect(pair.vaults.length).to.equal(1);
            expect(await getVaults(client, { ...byPair, indexer: sdkIndexer })).to.deep.equal(pair);
          });

          it("reads the same rebalances and flows from the indexer as over RPC in 16-block chunks, event for event", async function () {
            const sdkIndexer = createIndexerClient({ url: indexer.url });
            let rebalances = 0;
            for (const { vault } of listings) {
              const range = { vault, fromBlock: 0n, toBlock };
              const overRpc = await getRebalanceHistory(client, { ...range, chunkSize: 16 });
              rebalances += overRpc.length;
              expect(await getRebalanceHistory(client, { ...range, indexer: sdkIndexer })).to.deep.equal(overRpc);
              const flowsOverRpc = await getFlowHistory(client, { ...range, chunkSize: 16 });
              expect(flowsOverRpc.length, "flows").to.be.greaterThan(0);
              expect(await getFlowHistory(client, { ...range, indexer: sdkIndexer })).to.deep.equal(flowsOverRpc);
            }
            // The long vault's three rebalances (down, up, the emergency); the inverse vault's none.
            expect(rebalances).to.equal(3);
          });

          it("reads each holder's positions from the indexer equal to replaying the flows over RPC, value and unrealised profit included", async function () {
            const sdkIndexer = createIndexerClient({ url: indexer.url });
            for (const holder of [alice, bob, carol]) {
              const account = (await signers[holder].getAddress()) as Address;
              const overRpc = await getAccountPositions(client, { account, vaults: listings, chunkSize: 64, blockNumber: toBlock });
              expect(overRpc.length, `positions of signer ${holder}`).to.be.greaterThan(0);
              expect(await getAccountPositions(client, { account, vaults: listings, indexer: sdkIndexer, blockNumber: toBlock })).to.deep.equal(overRpc);
              for (const position of overRpc) expect(position.realisedPnl + position.unrealisedPnl).to.equal(position.withdrawn - position.deposited - position.transferredCost + position.value);
            }
          });

          it("reads NAV history from the indexer that holds every snapshot the RPC path reads at the vault's event blocks", async function () {
            const sdkIndexer = createIndexerClient({ url: indexer.url });
            for (const { vault } of listings) {
              const fromIndexer = await getNavHistory(client, { vault, fromBlock: 0n, toBlock, indexer: sdkIndexer });
              const overRpc = await getNavHistory(client, { vault, fromBlock: 0n, toBlock, chunkSize: 64 });
              const indexed = new Map(fromIndexer.map((snapshot) => [snapshot.blockNumber, snapshot]));
              for (const snapshot of overRpc.slice(0, -1)) expect(indexed.get(snapshot.blockNumber), `block ${snapshot.blockNumber}`).to.deep.equal(snapshot);
            }
          });

          it("reads the vault list's figures: from the indexer its metrics, over RPC the NAV at the window starts' blocks", async function () {
            const fromIndexer = await getVaultsPerformance(client, { vaults: listings, indexer: createIndexerClient({ url: indexer.url }) });
            expect(fromIndexer.map((row) => row.vault)).to.deep.equal(listings.map((entry) => entry.vault));
            const overRpc = await getVaultsPerformance(client, { vaults: listings, blockNumber: toBlock });
            const now = (await client.getBlock({ blockNumber: toBlock })).timestamp;
            for (const [index, { vault }] of listings.entries()) {
              const contract = await ethers.getContractAt("ILeveragedVault", vault);
              const oneShare = 10n ** (await contract.decimals());
              const navNow = await contract.convertToAssets(oneShare, { blockTag: Number(toBlock) });
              expect(overRpc[index]!.navPerShare).to.equal(navNow);
              for (const [field, seconds] of [["return24h", DAY], ["return7d", 7 * DAY], ["return30d", 30 * DAY]] as const) {
                const start = await lastBlockAtOrBefore(client, now - BigInt(seconds), toBlock);
                const navThen = await contract.convertToAssets(oneShare, { blockTag: Number(start) });
                expect(overRpc[index]![field], field).to.equal(Number(navNow) / Number(navThen) - 1);
                expect(fromIndexer[index]![field], field).to.be.a("number");
              }
            }
          });
        });

        it("records every rebalance with its action and execution cost, and the guardian's changes", async function () {
          const long = vaults.long;
          const chain = await long.queryFilter(long.filters.Rebalanced());
          const { rebalances } = await indexer.graphql<{ rebalances: { items: { action: string; amountIn: string; oracleImpliedAmountIn: string; executionCost: string; blockNumber: string }[] } }>(
            "{ rebalances(limit: 1000, orderBy: \"blockNumber\") { items { action amountIn oracleImpliedAmountIn executionCost blockNumber } } }",
          );
          expect(rebalances.items.map((row) => row.action)).to.deep.equal(chain.map((log) => ["none", "rebalance", "iterate", "emergency"][Number(log.args.action)]));
          expect(rebalances.items.map((row) => row.action)).to.include("emergency");
          for (const row of rebalances.items) expect(BigInt(row.executionCost)).to.equal(BigInt(row.amountIn) - BigInt(row.oracleImpliedAmountIn));
          const { governanceChanges } = await indexer.graphql<{ governanceChanges: { items: { event: string; args: Record<string, unknown> }[] } }>(
            "{ governanceChanges(limit: 1000) { items { event args } } }",
          );
          const events = governanceChanges.items.map((row) => row.event);
          expect(governanceChanges.items.filter((row) => row.event === "DepositsPausedSet").map((row) => row.args)).to.deep.equal([{ paused: true }]);
          expect(events).to.include("ParametersUpdated");
        });
      });

    // After the per-database checks (mocha runs a suite's own tests before its nested suites): the
    // vault this creates would otherwise take part in them.
    describe("a vault created later", function () {
      it("both index a vault created after they started, without a restart", async function () {
        const request = JSON.parse(await readFile(path.join(folder, "vault-request.long.json"), "utf8"));
        request.salt = "0x" + "11".repeat(32);
        request.symbol = "ETH2X-B";
        const file = path.join(folder, "vault-request.later.json");
        await writeFile(file, JSON.stringify(request, null, 2));
        const created = await runScript("scripts/deploy/create-vault.ts", ["--kind", "morpho", "--parameters", file, "--deployments", path.dirname(folder)], { LOCALHOST_RPC_URL: node.url });
        expect(created.code, created.output).to.equal(0);
        const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
        const later = record.vaults.find((entry: { symbol: string }) => entry.symbol === "ETH2X-B").vault as string;
        await depositWeth(stack, later, signers[bob], 2);
        await bothIndexed();
        const vault = await ethers.getContractAt("ILeveragedVault", later);
        for (const database of DATABASES) {
          const { positions: held } = await indexers[database].graphql<{ positions: { items: { shares: string }[] } }>(
            `{ positions(where: { vault: "${later.toLowerCase()}" }) { items { shares } } }`,
          );
          expect(held.items.map((row) => BigInt(row.shares)), database).to.deep.equal([await vault.balanceOf(await signers[bob].getAddress())]);
        }
      });
    });
  });
});
