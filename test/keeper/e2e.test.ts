import { expect } from "chai";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { createPublicClient, http, toHex, type Address } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../../scripts/vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { startHardhatNode, freePort, type RunningNode } from "../helpers/hardhat-node.js";
import { detectReadPath } from "../../keeper/src/chain/batchedRead.js";
import { readTick, readVaultStaticInfo } from "../../keeper/src/chain/readVaults.js";
import { acquireLock } from "../../keeper/src/lock/lockFile.js";
import { events, runKeeper, startKeeper, type KeeperRun } from "./keeper-process.js";

/** Hardhat's well-known test accounts #1 and #2 (public keys of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const SECOND_KEEPER_KEY = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const secondKeeperAddress = privateKeyToAccount(SECOND_KEEPER_KEY).address;
const Action = { None: 0n, Rebalance: 1n, Emergency: 3n };
/** Hardhat account #4, which holds no keeper role on the vault. */
const OUTSIDER_KEY = toHex(mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 4 }).getHdKey().privateKey!);

describe("keeper CLI end to end against a hardhat node", function () {
  this.timeout(120_000);

  let node: RunningNode;
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let stack: LocalStack;
  let vault: ILeveragedVault;
  let vaultAddress: string;
  let directory: string;
  let deadUrl: string;

  /** Writes a config file for the keeper and returns its path. */
  const writeConfig = (name: string, overrides: Record<string, unknown> = {}) => {
    const file = path.join(directory, `${name}.json`);
    const config = {
      rpc: { write: node.url, read: [node.url] },
      chainId: 31337,
      vaults: [{ address: vaultAddress, name: "eth-2x" }],
      signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
      fees: { maxFeePerGasGwei: 200, maxPriorityFeePerGasGwei: 5, emergencyFeeMultiplier: 3 },
      replacement: { afterBlocks: 2, bumpPercent: 15, maxReplacements: 3 },
      lockFile: `${name}.lock`,
      pollIntervalMs: 200,
      ...overrides,
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  };
  const once = (configFile: string, extra: string[] = [], key = KEEPER_KEY) =>
    runKeeper(["once", "--config", configFile, ...extra], { KEEPER_PRIVATE_KEY: key });
  const nonceOf = (address: string) => ethers.provider.getTransactionCount(address, "latest");
  const status = async () => vault.rebalanceStatus();
  const rebalancedEventsSince = async (fromBlock: number) => vault.queryFilter(vault.filters.Rebalanced(), fromBlock);
  /** Passes the vault's cooldown and moves ETH to `ethUsd` (the vault is then out of band again). */
  const nextMove = async (ethUsd: number, expectedAction = Action.Rebalance) => {
    await ethers.provider.send("evm_increaseTime", [601]);
    await ethers.provider.send("evm_mine", []);
    await moveMarket(stack, ethUsd);
    expect((await status()).action).to.equal(expectedAction);
  };
  const failDetails = (run: KeeperRun) => `exit ${run.code}\n${run.stderr}`;

  before(async function () {
    node = await startHardhatNode();
    ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
    stack = await deployLocalStack(ethers);
    ({ vault } = await deployMorphoBlueVault(ethers, stack, { keeper: keeperAddress }));
    vaultAddress = await vault.getAddress();
    await (await vault.setKeeper(secondKeeperAddress, true)).wait();

    const depositor = (await ethers.getSigners())[3];
    await (await stack.tokens.weth.mint(depositor.address, parseUnits("1000", 18))).wait();
    await (await stack.tokens.weth.connect(depositor).approve(vaultAddress, ethers.MaxUint256)).wait();
    await (await vault.connect(depositor).deposit(parseUnits("100", 18), depositor.address)).wait();
    await moveMarket(stack, 3000);
    await moveMarket(stack, 2700);
    expect((await status()).action).to.equal(Action.Rebalance);

    directory = mkdtempSync(path.join(tmpdir(), "keeper-e2e-"));
    deadUrl = `http://127.0.0.1:${await freePort()}`;
  });

  after(async function () {
    await node?.stop();
  });

  it("--dry-run simulates and logs the rebalance but sends nothing", async function () {
    const nonceBefore = await nonceOf(keeperAddress);
    const run = await once(writeConfig("dry-run"), ["--dry-run"]);
    expect(run.code, failDetails(run)).to.equal(0);
    expect(events(run, "tx.dry_run")).to.have.length(1);
    expect(events(run, "tx.sent")).to.have.length(0);
    expect(await nonceOf(keeperAddress)).to.equal(nonceBefore);
    expect((await status()).action).to.equal(Action.Rebalance);
  });

  it("exits 4 when the read RPC is unreachable, and sends nothing", async function () {
    const nonceBefore = await nonceOf(keeperAddress);
    const run = await once(writeConfig("dead-read", { rpc: { write: node.url, read: [deadUrl] } }));
    expect(run.code, failDetails(run)).to.equal(4);
    expect(events(run, "rpc.unreachable")).to.have.length(1);
    expect(await nonceOf(keeperAddress)).to.equal(nonceBefore);
  });

  it("exits 4 when the write RPC drops the connection at the send, and the vault and nonce are untouched", async function () {
    const nonceBefore = await nonceOf(keeperAddress);
    // A proxy to the node that dies on eth_sendRawTransaction: reads, simulation and nonce work; the send does not.
    const proxy = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", async () => {
        if (body.includes("eth_sendRawTransaction")) return request.socket.destroy();
        const answer = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body });
        response.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const run = await once(writeConfig("dying-write", { rpc: { write: proxyUrl, read: [node.url] } }));
      expect(run.code, failDetails(run)).to.equal(4);
      expect(events(run, "rpc.unreachable")[0]).to.include({ method: "eth_sendRawTransaction" });
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
    expect(await nonceOf(keeperAddress)).to.equal(nonceBefore);
    expect((await status()).action).to.equal(Action.Rebalance);
  });

  it("a run that finds the lock held by another live run does nothing and exits 0 with a log line", async function () {
    const configFile = writeConfig("locked");
    const held = acquireLock(path.join(directory, "locked.lock"));
    const nonceBefore = await nonceOf(keeperAddress);
    let run: KeeperRun;
    try {
      run = await once(configFile);
    } finally {
      if (held.acquired) held.lock.release();
    }
    expect(run.code, failDetails(run)).to.equal(0);
    expect(events(run, "lock.held")).to.have.length(1);
    expect(await nonceOf(keeperAddress)).to.equal(nonceBefore);
    expect((await status()).action).to.equal(Action.Rebalance);
  });

  it("`status` prints a table with the action due and whether this keeper may act", async function () {
    const run = await runKeeper(["status", "--config", writeConfig("status")], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(run.code, failDetails(run)).to.equal(0);
    const row = run.stdout.split("\n").find((line) => line.startsWith("eth-2x"));
    expect(row, run.stdout).to.match(/Rebalance\s+yes \(keeper\)/);
    expect(row).to.match(/1\.800x-2\.200x/);
  });

  it("`once` rebalances the out-of-band vault back into its band and exits 0 (the run after the RPC failures recovers)", async function () {
    const fromBlock = await ethers.provider.getBlockNumber();
    const run = await once(writeConfig("keeper"));
    expect(run.code, failDetails(run)).to.equal(0);
    const [rebalanced] = events(run, "vault.rebalanced");
    expect(rebalanced, run.stderr).to.not.equal(undefined);
    expect(BigInt(rebalanced.leverageAfter as string) < BigInt(rebalanced.leverageBefore as string)).to.equal(true);
    const after = await status();
    expect(after.action).to.equal(Action.None);
    expect(after.leverage >= after.minLeverage && after.leverage <= after.maxLeverage).to.equal(true);
    expect(await rebalancedEventsSince(fromBlock + 1)).to.have.length(1);
  });

  it("a second run finds nothing due and sends nothing", async function () {
    const nonceBefore = await nonceOf(keeperAddress);
    const run = await once(writeConfig("keeper"));
    expect(run.code, failDetails(run)).to.equal(0);
    expect(events(run, "tx.sent")).to.have.length(0);
    expect(await nonceOf(keeperAddress)).to.equal(nonceBefore);
  });

  it("two keepers racing with different keys produce exactly one rebalance; the other stands down with exit 0", async function () {
    await nextMove(2450);
    const fromBlock = await ethers.provider.getBlockNumber();
    // Hold both transactions in the mempool so both keepers read, simulate and send before either lands.
    await ethers.provider.send("evm_setAutomine", [false]);
    let runs: KeeperRun[];
    try {
      const keepers = [
        startKeeper(["once", "--config", writeConfig("race-a")], { KEEPER_PRIVATE_KEY: KEEPER_KEY }),
        startKeeper(["once", "--config", writeConfig("race-b")], { KEEPER_PRIVATE_KEY: SECOND_KEEPER_KEY }),
      ];
      await Promise.all(keepers.map((keeper) => keeper.waitForLog((line) => line.event === "tx.sent")));
      await ethers.provider.send("evm_mine", []);
      runs = await Promise.all(keepers.map((keeper) => keeper.done));
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    for (const run of runs) expect(run.code, failDetails(run)).to.equal(0);
    expect(await rebalancedEventsSince(fromBlock + 1)).to.have.length(1);
    const winners = runs.filter((run) => events(run, "vault.rebalanced").length === 1);
    expect(winners).to.have.length(1);
    const loser = runs.find((run) => run !== winners[0])!;
    expect(events(loser, "vault.stood_down")).to.have.length(1);
    expect(events(loser, "tick.done")[0].outcomes).to.deep.equal([{ vault: "eth-2x", outcome: "stood-down", reason: "LeverageInBand" }]);
    expect((await status()).action).to.equal(Action.None);
  });

  it("replaces a stuck transaction with a higher fee on the same nonce, and one rebalance lands", async function () {
    await nextMove(2200);
    const fromBlock = await ethers.provider.getBlockNumber();
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const keeper = startKeeper(["once", "--config", writeConfig("stuck", { replacement: { afterSeconds: 1, bumpPercent: 20, maxReplacements: 3 } })], {
        KEEPER_PRIVATE_KEY: KEEPER_KEY,
      });
      const sent = await keeper.waitForLog((line) => line.event === "tx.sent");
      const replaced = await keeper.waitForLog((line) => line.event === "tx.replaced");
      await ethers.provider.send("evm_mine", []);
      const run = await keeper.done;
      expect(run.code, failDetails(run)).to.equal(0);

      const original = await ethers.provider.getTransaction(sent.hash as string);
      const replacement = await ethers.provider.getTransaction(replaced.hash as string);
      expect(replacement!.nonce).to.equal(original?.nonce ?? replacement!.nonce);
      expect(replacement!.nonce).to.equal(Number(sent.nonce));
      expect(BigInt(replaced.maxFeePerGas as string) >= (BigInt(sent.maxFeePerGas as string) * 120n) / 100n).to.equal(true);
      expect(await ethers.provider.getTransactionReceipt(sent.hash as string)).to.equal(null);
      const [rebalanced] = events(run, "vault.rebalanced");
      expect(rebalanced.replacements).to.be.greaterThan(0);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
    expect(await rebalancedEventsSince(fromBlock + 1)).to.have.length(1);
    expect((await status()).action).to.equal(Action.None);
  });

  it("`watch` reacts to a market move on a new block, serves /health and /metrics, and stops cleanly on SIGTERM", async function () {
    const metricsPort = await freePort();
    const configFile = writeConfig("watch", { metrics: { port: metricsPort, host: "127.0.0.1", healthMaxAgeSeconds: 30 } });
    const keeper = startKeeper(["watch", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    try {
      await keeper.waitForLog((line) => line.event === "watch.start");
      const base = `http://127.0.0.1:${metricsPort}`;
      for (let attempt = 0; attempt < 50 && (await fetch(`${base}/health`)).status !== 200; attempt++) await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${base}/health`)).status).to.equal(200);

      await nextMove(1950);
      const rebalanced = await keeper.waitForLog((line) => line.event === "vault.rebalanced");
      expect(rebalanced.vault).to.equal("eth-2x");
      expect((await status()).action).to.equal(Action.None);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).to.include('keeper_actions_total{action="Rebalance",vault="eth-2x"} 1');
      expect(metrics).to.match(/keeper_vault_leverage\{vault="eth-2x"\} [0-9.]+/);
      expect(metrics).to.match(/keeper_signer_balance_wei [0-9.e+]+/);
    } finally {
      keeper.kill("SIGTERM");
    }
    const run = await keeper.done;
    expect(run.code, failDetails(run)).to.equal(0);
    expect(events(run, "watch.stopped")).to.have.length(1);
    expect(existsSync(path.join(directory, "watch.lock"))).to.equal(false);
  });

  it("an emergency delever runs from a signer without the keeper role, and earns the reward", async function () {
    await nextMove(1550, Action.Emergency);
    const outsider = privateKeyToAccount(OUTSIDER_KEY as `0x${string}`).address;
    expect(await vault.isKeeper(outsider)).to.equal(false);
    const run = await once(writeConfig("outsider"), [], OUTSIDER_KEY);
    expect(run.code, failDetails(run)).to.equal(0);
    const [rebalanced] = events(run, "vault.rebalanced");
    expect(rebalanced, run.stderr).to.include({ action: "Emergency" });
    expect(BigInt(rebalanced.reward as string) > 0n).to.equal(true);
    expect((await status()).action).to.not.equal(Action.Emergency);
  });

  it("reads every watched vault at one block in a single eth_call", async function () {
    const { vault: inverse } = await deployMorphoBlueVault(ethers, stack, { kind: "inverse", keeper: keeperAddress });
    const vaults = [
      { address: vaultAddress as Address, name: "eth-2x" },
      { address: (await inverse.getAddress()) as Address, name: "inverse" },
    ];
    const methods: string[] = [];
    const client = createPublicClient({ transport: http(node.url, { onFetchRequest: async (request) => void methods.push(JSON.parse(await request.clone().text()).method) }) });
    const context = { path: await detectReadPath(client), limits: { maxCalldataBytes: 131_072, maxReturnDataBytes: 524_288 } };
    expect(context.path.kind).to.equal("multicall3");
    const statics = await readVaultStaticInfo(client, vaults, context);
    methods.length = 0;
    const { block, snapshots } = await readTick(client, context, { vaults, statics, signer: keeperAddress });
    const blockNumber = block.number;
    expect(methods).to.deep.equal(["eth_call"]);
    expect(snapshots.map((snapshot) => snapshot.ok && snapshot.isKeeper)).to.deep.equal([true, true]);
    expect(snapshots[0].ok && snapshots[0].status.leverage).to.equal((await vault.rebalanceStatus({ blockTag: Number(blockNumber) })).leverage);
  });
});
