import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { createPublicClient, custom, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket, type LocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault, deployVaultInfrastructure } from "../../scripts/vault/deploy-vault.js";
import { detectReadPath } from "../../keeper/src/chain/batchedRead.js";
import { planTickRead, readTick, readVaultStaticInfo } from "../../keeper/src/chain/readVaults.js";
import { startCountingProxy, type CountingProxy } from "../helpers/counting-rpc-proxy.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { events, runKeeper, type KeeperRun } from "./keeper-process.js";

/** Hardhat's well-known test account #1 (public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
/** What one rebalance may cost on its own: simulation, send, receipt, and one spare (a receipt poll). */
const MAX_REQUESTS_PER_REBALANCE = 4;
/** Requests of an out-of-band pass that every vault shares: tip, mined and pending nonce, nonce manager, block poll. */
const SHARED_SEND_METHODS = ["eth_maxPriorityFeePerGas", "eth_getTransactionCount", "eth_blockNumber"];

describe("keeper at scale: many vaults in one pass", function () {
  this.timeout(300_000);

  let node: RunningNode;
  let proxy: CountingProxy;
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let stack: LocalStack;
  let vaults: Address[];
  let notAVault: Address;
  let configFile: string;
  const failDetails = (run: KeeperRun) => `exit ${run.code}\n${run.stderr.slice(-3000)}`;
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

  before(async function () {
    node = await startHardhatNode();
    proxy = await startCountingProxy(node.url);
    ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
    stack = await deployLocalStack(ethers, { poolWeth: 200_000 });
    const libraries = await deployVaultInfrastructure(ethers, stack);
    const depositor = (await ethers.getSigners())[3]!;
    await (await stack.tokens.weth.mint(depositor.address, parseUnits("100", 18))).wait();
    vaults = [];
    // 24 vaults: more than the 14 whose return data fit one deployless call. The last one's emergency
    // threshold is just above its band, so the coming price move makes it an emergency.
    for (let index = 0; index < 24; index++) {
      const { vault } = await deployMorphoBlueVault(ethers, stack, { keeper: keeperAddress, libraries, ...(index === 23 ? { emergencyLeverage: 2.24 } : {}) });
      const address = (await vault.getAddress()) as Address;
      await (await stack.tokens.weth.connect(depositor).approve(address, ethers.MaxUint256)).wait();
      await (await vault.connect(depositor).deposit(parseUnits("0.05", 18), depositor.address)).wait();
      vaults.push(address);
    }
    notAVault = (await stack.tokens.weth.getAddress()) as Address;
    const directory = mkdtempSync(path.join(tmpdir(), "keeper-scale-"));
    configFile = path.join(directory, "keeper.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        rpc: { write: proxy.url },
        chainId: 31337,
        vaults: [{ address: notAVault, name: "not-a-vault" }, ...vaults.map((address, index) => ({ address, name: `vault-${index}` }))],
        fees: { maxFeePerGasGwei: 500, maxPriorityFeePerGasGwei: 5 },
        lockFile: path.join(directory, "keeper.lock"),
        pollIntervalMs: 200,
      }),
    );
  });

  after(async function () {
    await proxy?.close();
    await node?.stop();
  });

  it("reads 24 vaults on the deployless path in chunks whose return data fits the contract size limit, matching the Multicall3 path", async function () {
    // Every eth_call's return data, measured on the wire.
    const node_ = createPublicClient({ transport: http(node.url) });
    const returnedBytes: number[] = [];
    const client = createPublicClient({
      transport: custom({
        async request({ method, params }) {
          const result = await node_.request({ method, params } as never);
          if (method === "eth_call") returnedBytes.push(((result as Hex).length - 2) / 2);
          return result;
        },
      }),
    });
    const limits = { maxCalldataBytes: 131_072, maxReturnDataBytes: 524_288 };
    const vaultConfigs = vaults.map((address, index) => ({ address, name: `vault-${index}` }));
    const deployless = { path: { kind: "deployless" as const }, limits };
    const multicall3 = { path: await detectReadPath(client), limits };
    expect(multicall3.path.kind).to.equal("multicall3");
    const statics = await readVaultStaticInfo(client, vaultConfigs, deployless);
    returnedBytes.length = 0;
    const viaDeployless = await readTick(client, deployless, { vaults: vaultConfigs, statics, signer: keeperAddress });
    const deploylessReturns = [...returnedBytes];
    const viaMulticall3 = await readTick(client, multicall3, { vaults: vaultConfigs, statics, signer: keeperAddress });
    expect(viaDeployless.snapshots.every((snapshot) => snapshot.ok)).to.equal(true);
    expect(viaDeployless.requests).to.be.greaterThan(3); // block, balance and at least two chunks of at most 24,576 bytes each
    // Each chunk's result came back as contract code: none over EIP-170's 24,576 bytes, and the
    // chunks packed several vaults each, not one call per vault.
    expect(deploylessReturns.length, String(deploylessReturns)).to.be.at.least(2);
    expect(Math.max(...deploylessReturns), String(deploylessReturns)).to.be.at.most(24_576);
    expect(deploylessReturns.length, String(deploylessReturns)).to.be.below(vaultConfigs.length / 4);
    expect(viaMulticall3.requests).to.equal(1);
    expect(viaMulticall3.block.number).to.equal(viaDeployless.block.number);
    expect(viaMulticall3.snapshots).to.deep.equal(viaDeployless.snapshots);

    // A driver plans the read once and reuses the plan while the watched vaults stay the same.
    const plan = planTickRead(multicall3, { vaults: vaultConfigs, statics, signer: keeperAddress });
    const withPlan = await readTick(client, multicall3, { vaults: vaultConfigs, statics, signer: keeperAddress }, plan);
    expect(withPlan.snapshots).to.deep.equal(viaMulticall3.snapshots);
    const oneMore = [...vaultConfigs, vaultConfigs[0]!];
    await readTick(client, multicall3, { vaults: oneMore, statics: [...statics, statics[0]!], signer: keeperAddress }, plan).then(
      () => expect.fail("a plan for 24 vaults read 25"),
      (error: Error) => expect(error.message).to.equal("the read plan covers 24 vaults, not 25"),
    );
  });

  it("in band: one pass reads every vault in one eth_call and sends nothing; an address that is not a vault fails alone (exit 2)", async function () {
    proxy.reset();
    const run = await runKeeper(["once", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(run.code, failDetails(run)).to.equal(2);
    expect(events(run, "tick.read")[0]).to.include({ requests: 1 });
    const outcomes = events(run, "tick.done")[0]!.outcomes as { vault: string; outcome: string }[];
    expect(outcomes.filter((outcome) => outcome.outcome === "failed").map((outcome) => outcome.vault)).to.deep.equal(["not-a-vault"]);
    expect(outcomes.filter((outcome) => outcome.outcome === "skipped")).to.have.length(24);
    expect(proxy.counts().eth_sendRawTransaction).to.equal(undefined);
  });

  it("all out of band: one pass brings every vault back in band, emergency first, with at most 4 requests per rebalance beyond the shared ones", async function () {
    proxy.reset();
    const inBand = await runKeeper(["once", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(inBand.code, failDetails(inBand)).to.equal(2);
    const baseline = total(proxy.counts());

    await moveMarket(stack, 2700);
    proxy.reset();
    const run = await runKeeper(["once", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
    expect(run.code, failDetails(run)).to.equal(2); // the address that is not a vault, again
    const counts = proxy.counts();

    const rebalanced = events(run, "vault.rebalanced");
    expect(rebalanced).to.have.length(24);
    for (const address of vaults) {
      const vault = await ethers.getContractAt("MorphoBlueLeveragedVault", address);
      expect((await vault.rebalanceStatus()).action, address).to.equal(0n);
    }

    const sent = events(run, "tx.sent");
    expect(sent).to.have.length(24);
    const nonces = sent.map((line) => Number(line.nonce));
    expect(nonces).to.deep.equal(nonces.map((_, index) => nonces[0]! + index)); // consecutive, in send order
    expect(sent[0]).to.include({ vault: "vault-23", action: "Emergency" });
    expect(rebalanced.find((line) => line.vault === "vault-23")).to.include({ action: "Emergency" });

    const shared = baseline + SHARED_SEND_METHODS.reduce((sum, method) => sum + (counts[method] ?? 0), 0);
    const perRebalance = (total(counts) - shared) / rebalanced.length;
    expect(perRebalance, JSON.stringify(counts)).to.be.at.most(MAX_REQUESTS_PER_REBALANCE);
    expect(counts.eth_sendRawTransaction).to.equal(24);
    expect(counts.eth_estimateGas).to.equal(24);
    expect(SHARED_SEND_METHODS.reduce((sum, method) => sum + (counts[method] ?? 0), 0), JSON.stringify(counts)).to.be.at.most(6);
  });
});
