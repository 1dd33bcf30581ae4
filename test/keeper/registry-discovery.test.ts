import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault, deployVaultInfrastructure, type VaultInfrastructure } from "../../scripts/vault/deploy-vault.js";
import { ExitCode } from "../../keeper/src/run/exitCodes.js";
import { freePort, startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { events, runKeeper, startKeeper, type KeeperRun } from "./keeper-process.js";

/** Hardhat's well-known test account #1 (public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const Action = { None: 0n, Rebalance: 1n };

describe("keeper: vaults found in the registry, not in the config", function () {
  this.timeout(180_000);

  let node: RunningNode;
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let stack: LocalStack;
  let infrastructure: VaultInfrastructure;
  let directory: string;
  let longVault: string;
  let inverseVault: string;

  const writeConfig = (name: string, overrides: Record<string, unknown>) => {
    const file = path.join(directory, `${name}.json`);
    const config = {
      rpc: { write: node.url },
      chainId: 31337,
      signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
      fees: { maxFeePerGasGwei: 200, maxPriorityFeePerGasGwei: 5 },
      lockFile: `${name}.lock`,
      pollIntervalMs: 200,
      ...overrides,
    };
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  };
  const failDetails = (run: KeeperRun) => `exit ${run.code}\n${run.stderr}`;
  const fundedVault = async (kind: "long" | "inverse") => {
    const { vault } = await deployMorphoBlueVault(ethers, stack, { kind, keeper: keeperAddress, libraries: infrastructure });
    const address = await vault.getAddress();
    const depositor = (await ethers.getSigners())[3]!;
    const asset = kind === "long" ? stack.tokens.weth : stack.tokens.usdc;
    const amount = kind === "long" ? parseUnits("50", 18) : parseUnits("100000", 6);
    await (await asset.mint(depositor.address, amount)).wait();
    await (await asset.connect(depositor).approve(address, amount)).wait();
    await (await vault.connect(depositor).deposit(amount, depositor.address)).wait();
    return { vault, address };
  };

  before(async function () {
    node = await startHardhatNode();
    ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
    stack = await deployLocalStack(ethers);
    infrastructure = await deployVaultInfrastructure(ethers, stack);
    directory = mkdtempSync(path.join(tmpdir(), "keeper-registry-"));
  });

  after(async function () {
    await node?.stop();
  });

  it("a daemon started on an empty registry rebalances a vault created after it started, and leaves out what its filter excludes", async function () {
    const registry = await ethers.getContractAt("VaultRegistry", infrastructure.VaultRegistry);
    expect(await registry.vaultCount()).to.equal(0n);
    const metricsPort = await freePort();
    const weth = await stack.tokens.weth.getAddress();
    const usdc = await stack.tokens.usdc.getAddress();
    const configFile = writeConfig("daemon", {
      registry: { address: infrastructure.VaultRegistry, pairs: [{ collateral: weth, debt: usdc }] },
      metrics: { port: metricsPort, host: "127.0.0.1", healthMaxAgeSeconds: 30 },
    });
    const keeper = startKeeper(["watch", "--config", configFile, "--log-level", "debug"], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    try {
      const started = await keeper.waitForLog((line) => line.event === "watch.start");
      expect(started.vaults).to.equal(0);

      // An inverse vault (USDC collateral, WETH debt) first: the pair filter leaves it out.
      const inverse = await fundedVault("inverse");
      inverseVault = inverse.address;
      const skipped = await keeper.waitForLog((line) => line.event === "registry.vault_skipped");
      expect(skipped).to.include({ vault: inverse.address, reason: "pair" });

      const long = await fundedVault("long");
      longVault = long.address;
      const added = await keeper.waitForLog((line) => line.event === "registry.vaults_added");
      expect(added).to.include({ added: 1, listed: 2, watched: 1 });

      await moveMarket(stack, 3000);
      await moveMarket(stack, 2700);
      expect((await long.vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
      const rebalanced = await keeper.waitForLog((line) => line.event === "vault.rebalanced");
      expect(rebalanced.vault).to.equal(long.address);
      expect((await long.vault.rebalanceStatus()).action).to.equal(Action.None);

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).to.include("keeper_vaults_watched 1");
    } finally {
      keeper.kill("SIGTERM");
    }
    const run = await keeper.done;
    expect(run.code, failDetails(run)).to.equal(ExitCode.Ok);
    expect(events(run, "vault.rebalanced").map((line) => line.vault)).to.deep.equal([longVault]);
    expect(run.logs.filter((line) => line.vault === inverseVault).map((line) => line.event)).to.deep.equal(["registry.vault_skipped"]);
  });

  it("a vault both in vaults[] and in the registry is read once, and discovery costs one request when nothing is new", async function () {
    const run = await runKeeper(["once", "--config", writeConfig("both", { vaults: [{ address: longVault, name: "eth-2x" }], registry: infrastructure.VaultRegistry })], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(run.code, failDetails(run)).to.equal(ExitCode.Ok);
    const [read] = events(run, "tick.read");
    // Two listed (the inverse and the long); the long is the configured "eth-2x".
    expect(read).to.include({ vaults: 2, discoveryRequests: 1 });
    const [done] = events(run, "tick.done");
    expect((done!.outcomes as { vault: string }[]).map((outcome) => outcome.vault)).to.have.members(["eth-2x", inverseVault]);
  });

  it("a registry address that is not a VaultRegistry is a config error (exit 3) naming it, and nothing is sent", async function () {
    const nonceBefore = await ethers.provider.getTransactionCount(keeperAddress);
    const notARegistry = await stack.tokens.weth.getAddress();
    const run = await runKeeper(["once", "--config", writeConfig("not-registry", { registry: notARegistry })], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(run.code, failDetails(run)).to.equal(ExitCode.BadConfig);
    const [invalid] = events(run, "config.invalid");
    expect((invalid!.issues as string[])[0]).to.match(new RegExp(`^registry ${notARegistry} does not answer as a VaultRegistry`));
    expect(await ethers.provider.getTransactionCount(keeperAddress)).to.equal(nonceBefore);
  });
});
