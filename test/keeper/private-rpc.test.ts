/**
 * The keeper's writes through a private-transaction RPC (Flashbots Protect-style): with `rpc.private`
 * set, every signed transaction (`eth_sendRawTransaction`, replacements included) goes there and
 * nowhere else, while reads, simulations, nonces, fees and receipts stay on the public RPCs. Two
 * counting proxies in front of one hardhat node stand for the public and the private endpoint.
 */
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../../scripts/vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { ConfigError, resolveConfig } from "../../keeper/src/config/resolveConfig.js";
import { redactConfig } from "../../keeper/src/config/redactConfig.js";
import { startCountingProxy, type CountingProxy } from "../helpers/counting-rpc-proxy.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { events, runKeeper, startKeeper, type KeeperRun } from "./keeper-process.js";

/** Hardhat's well-known test account #1 (public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const Action = { None: 0n, Rebalance: 1n };

describe("keeper: writes through a private-transaction RPC", function () {
  describe("config", function () {
    const minimal = { rpc: { write: "http://127.0.0.1:8545" }, chainId: 31337, vaults: [VAULT] };

    it("rpc.private is optional: without it nothing is set and transactions go to rpc.write", function () {
      expect(resolveConfig({ file: minimal }).rpc.private).to.equal(undefined);
    });

    it("the flag beats the environment, which beats the file", function () {
      const file = { ...minimal, rpc: { ...minimal.rpc, private: "https://file.example" } };
      expect(resolveConfig({ file }).rpc.private).to.equal("https://file.example");
      const env = { KEEPER_RPC_PRIVATE_URL: "https://env.example" };
      expect(resolveConfig({ file, env }).rpc.private).to.equal("https://env.example");
      expect(resolveConfig({ file, env, flags: { rpcPrivate: "https://flag.example" } }).rpc.private).to.equal("https://flag.example");
    });

    it("a private RPC that is not a URL is refused naming rpc.private", function () {
      const file = { ...minimal, rpc: { ...minimal.rpc, private: "rpc.flashbots.net" } };
      expect(() => resolveConfig({ file })).to.throw(ConfigError, "rpc.private must be an http(s) or ws(s) URL");
    });

    it("a key in the private RPC's URL is redacted when the config is printed", function () {
      const config = resolveConfig({ file: { ...minimal, rpc: { ...minimal.rpc, private: "https://rpc.example/v2/abcdef0123456789abcdef?auth=secret" } } });
      expect(redactConfig(config).rpc).to.include({ private: "https://rpc.example/v2/redacted?auth=redacted" });
    });
  });

  describe("against a hardhat node", function () {
    this.timeout(120_000);

    let node: RunningNode;
    let publicRpc: CountingProxy;
    let privateRpc: CountingProxy;
    let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
    let stack: LocalStack;
    let vault: ILeveragedVault;
    let directory: string;
    const failDetails = (run: KeeperRun) => `exit ${run.code}\n${run.stderr.slice(-3000)}`;
    const status = async () => vault.rebalanceStatus();

    /** A config file with reads and writes on the public proxy (and `extra` on top). */
    const writeConfig = (name: string, extra: Record<string, unknown> = {}) => {
      const file = path.join(directory, `${name}.json`);
      const config = {
        rpc: { write: publicRpc.url, read: [publicRpc.url] },
        chainId: 31337,
        vaults: [{ address: vault.target, name: "eth-2x" }],
        fees: { maxFeePerGasGwei: 200, maxPriorityFeePerGasGwei: 5 },
        lockFile: path.join(directory, `${name}.lock`),
        pollIntervalMs: 200,
        ...extra,
      };
      writeFileSync(file, JSON.stringify(config));
      return file;
    };
    /** Passes the vault's cooldown and moves ETH to `ethUsd`, so a rebalance is due again. */
    const makeRebalanceDue = async (ethUsd: number) => {
      await ethers.provider.send("evm_increaseTime", [601]);
      await ethers.provider.send("evm_mine", []);
      await moveMarket(stack, ethUsd);
      expect((await status()).action).to.equal(Action.Rebalance);
    };

    before(async function () {
      node = await startHardhatNode();
      publicRpc = await startCountingProxy(node.url);
      privateRpc = await startCountingProxy(node.url);
      ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
      stack = await deployLocalStack(ethers);
      ({ vault } = await deployMorphoBlueVault(ethers, stack, { keeper: keeperAddress }));
      const depositor = (await ethers.getSigners())[3]!;
      await (await stack.tokens.weth.mint(depositor.address, parseUnits("1000", 18))).wait();
      await (await stack.tokens.weth.connect(depositor).approve(vault.target, ethers.MaxUint256)).wait();
      await (await vault.connect(depositor).deposit(parseUnits("100", 18), depositor.address)).wait();
      directory = mkdtempSync(path.join(tmpdir(), "keeper-private-rpc-"));
    });

    after(async function () {
      await privateRpc?.close();
      await publicRpc?.close();
      await node?.stop();
    });

    beforeEach(function () {
      publicRpc.reset();
      privateRpc.reset();
    });

    it("without rpc.private the rebalance goes to rpc.write (the baseline the next tests differ from)", async function () {
      await makeRebalanceDue(2700);
      const run = await runKeeper(["once", "--config", writeConfig("public")], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
      expect(run.code, failDetails(run)).to.equal(0);
      expect(events(run, "vault.rebalanced")).to.have.length(1);
      expect(publicRpc.counts().eth_sendRawTransaction).to.equal(1);
      expect(privateRpc.counts()).to.deep.equal({});
    });

    it("--rpc-private: the rebalance is sent only to the private RPC, which receives nothing else; its receipt is read from the public one", async function () {
      await makeRebalanceDue(3300);
      const fromBlock = await ethers.provider.getBlockNumber();
      const run = await runKeeper(["once", "--config", writeConfig("private"), "--rpc-private", privateRpc.url], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
      expect(run.code, failDetails(run)).to.equal(0);
      const [sent] = events(run, "tx.sent");
      const [rebalanced] = events(run, "vault.rebalanced");
      expect(rebalanced, run.stderr).to.not.equal(undefined);

      expect(privateRpc.counts()).to.deep.equal({ eth_sendRawTransaction: 1 });
      const publicCounts = publicRpc.counts();
      expect(publicCounts.eth_sendRawTransaction ?? 0).to.equal(0);
      expect(publicCounts.eth_getTransactionReceipt).to.be.greaterThan(0);

      const landed = await vault.queryFilter(vault.filters.Rebalanced(), fromBlock + 1);
      expect(landed).to.have.length(1);
      expect(landed[0]!.transactionHash).to.equal(sent!.hash);
      expect((await status()).action).to.equal(Action.None);
    });

    it("rpc.private in the file: a stuck transaction's replacements also go only to the private RPC", async function () {
      await makeRebalanceDue(2700);
      const fromBlock = await ethers.provider.getBlockNumber();
      const configFile = writeConfig("private-stuck", {
        rpc: { write: publicRpc.url, read: [publicRpc.url], private: privateRpc.url },
        replacement: { afterSeconds: 1, bumpPercent: 20, maxReplacements: 3 },
      });
      await ethers.provider.send("evm_setAutomine", [false]);
      let run: KeeperRun;
      try {
        const keeper = startKeeper(["once", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
        await keeper.waitForLog((line) => line.event === "tx.replaced");
        await ethers.provider.send("evm_mine", []);
        run = await keeper.done;
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(run.code, failDetails(run)).to.equal(0);
      // Every broadcast logs tx.sent (the first and each replacement), or tx.replacement_rejected.
      expect(events(run, "tx.replaced").length).to.be.greaterThanOrEqual(1);
      const sends = events(run, "tx.sent").length + events(run, "tx.replacement_rejected").length;
      expect(sends).to.be.greaterThanOrEqual(2);
      expect(privateRpc.counts()).to.deep.equal({ eth_sendRawTransaction: sends });
      expect(publicRpc.counts().eth_sendRawTransaction ?? 0).to.equal(0);
      expect(await vault.queryFilter(vault.filters.Rebalanced(), fromBlock + 1)).to.have.length(1);
    });
  });
});
