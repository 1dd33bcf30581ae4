/**
 * The keeper at scale: creates 1, 10, 100 and 1,000 vaults through the factory on a `hardhat node`
 * and runs the installed keeper command (`keeper/bin/leveraged-vault-keeper.js once`), which finds
 * them from the registry alone (no `vaults[]`), through a JSON-RPC proxy that counts requests by
 * method, in two states: all vaults in band, then all out of band. Prints, from this one run,
 * requests by method, the tick's reads next to the registry discovery's, the run's wall time, and
 * the rebalances confirmed.
 *
 *   npm run bench:keeper                        # 1, 10, 100, 1000 (about 10 minutes here, 6 of them deploying)
 *   BENCH_SIZES=1,10 npm run bench:keeper       # a quick look
 *   BENCH_OUT_OF_BAND_MAX=100 npm run bench:keeper   # 1,000 in band only
 *
 * Every vault is small (0.05 WETH) on a deep pool, so a pass that rebalances all of them moves the
 * shared Uniswap pool far less than the vaults' pool-deviation bound: the bench measures rebalances,
 * not deviation failures.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { deployMorphoBlueVault, deployVaultInfrastructure } from "../vault/deploy-vault.js";
import { startHardhatNode } from "../../test/helpers/hardhat-node.js";
import { startCountingProxy } from "../../test/helpers/counting-rpc-proxy.js";
import { events, runKeeper } from "../../test/keeper/keeper-process.js";

/** Hardhat's well-known test account #1 (public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const DEPOSIT_WETH = "0.05";
/** Methods a rebalance costs on its own (the rest of an out-of-band pass is shared by the tick). */
const PER_REBALANCE_METHODS = ["eth_estimateGas", "eth_sendRawTransaction", "eth_getTransactionReceipt", "eth_getTransactionByHash", "eth_getBlockByNumber"];

const sizes = (process.env.BENCH_SIZES ?? "1,10,100,1000").split(",").map(Number);
const outOfBandMax = Number(process.env.BENCH_OUT_OF_BAND_MAX ?? Number.POSITIVE_INFINITY);

const node = await startHardhatNode();
const proxy = await startCountingProxy(node.url);
try {
  const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
  const stack = await deployLocalStack(ethers, { poolWeth: 200_000, morphoUsdcLiquidity: 500_000_000 });
  const libraries = await deployVaultInfrastructure(ethers, stack);
  const depositor = (await ethers.getSigners())[3]!;
  await (await stack.tokens.weth.mint(depositor.address, parseUnits("1000", 18))).wait();
  const directory = mkdtempSync(path.join(tmpdir(), "keeper-bench-"));

  const vaults: string[] = [];
  let price = 3000;
  console.log(`keeper at scale: vaults of ${DEPOSIT_WETH} WETH at 2x; requests counted by a JSON-RPC proxy; once = node keeper/bin/leveraged-vault-keeper.js once\n`);
  let funded = 0;
  for (const size of sizes) {
    // Deploy and fund the vaults this size adds. Sends are not awaited one by one beyond the node's
    // acceptance (automine mines each on arrival); receipts are checked at the end.
    const deployStart = performance.now();
    while (vaults.length < size) {
      const { vault } = await deployMorphoBlueVault(ethers, stack, { keeper: keeperAddress, libraries });
      vaults.push(await vault.getAddress());
    }
    const weth = stack.tokens.weth.connect(depositor);
    const pending = [];
    for (const address of vaults.slice(funded)) {
      pending.push(await weth.approve(address, ethers.MaxUint256));
      const vault = await ethers.getContractAt("MorphoBlueLeveragedVault", address, depositor);
      pending.push(await vault.deposit(parseUnits(DEPOSIT_WETH, 18), depositor.address));
    }
    for (const transaction of pending) await transaction.wait();
    funded = vaults.length;
    const deploySeconds = (performance.now() - deployStart) / 1000;

    const config = path.join(directory, `keeper-${size}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        rpc: { write: proxy.url },
        chainId: 31337,
        registry: libraries.VaultRegistry,
        signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
        fees: { maxFeePerGasGwei: 500, maxPriorityFeePerGasGwei: 5 },
        lockFile: path.join(directory, `keeper-${size}.lock`),
        pollIntervalMs: 200,
        logLevel: "warn",
      }),
    );
    const once = async (label: string) => {
      proxy.reset();
      const started = performance.now();
      const run = await runKeeper(["once", "--config", config, "--log-level", "info"], { KEEPER_PRIVATE_KEY: KEEPER_KEY });
      const seconds = (performance.now() - started) / 1000;
      if (run.code !== 0) throw new Error(`once (${label}, ${size} vaults) exited ${run.code}:\n${run.stderr.slice(-4000)}`);
      const counts = proxy.counts();
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const rebalanced = events(run, "vault.rebalanced").length;
      const outcomes = (events(run, "tick.done")[0]?.outcomes ?? []) as { outcome: string }[];
      const perRebalance = PER_REBALANCE_METHODS.reduce((sum, method) => sum + (counts[method] ?? 0), 0);
      const byMethod = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([method, count]) => `${method} ${count}`).join(", ");
      console.log(`${String(size).padStart(5)} vaults, ${label}: ${total} requests in ${seconds.toFixed(2)} s (process start included); rebalances confirmed ${rebalanced}; outcomes ${summarize(outcomes)}`);
      console.log(`        by method: ${byMethod}`);
      if (rebalanced > 0) console.log(`        per rebalance (${PER_REBALANCE_METHODS.join(" + ")}): ${(perRebalance / rebalanced).toFixed(2)}; shared by the pass: ${total - perRebalance}`);
      const tickRead = events(run, "tick.read")[0];
      const tickReadRequests = Number(tickRead?.requests ?? Number.NaN);
      const discoveryRequests = Number(tickRead?.discoveryRequests ?? Number.NaN);
      if (Number(tickRead?.vaults) !== size) throw new Error(`once (${label}) watched ${String(tickRead?.vaults)} vaults, not the ${size} the registry lists`);
      return { counts, total, rebalanced, outcomes, tickReadRequests, discoveryRequests };
    };

    console.log(`${String(size).padStart(5)} vaults deployed and funded in ${deploySeconds.toFixed(1)} s`);
    const inBand = await once("all in band");
    const tickRead = inBand.tickReadRequests;
    console.log(`        the tick's read: ${tickRead} request(s) (bound 1 + ceil(N/100) = ${1 + Math.ceil(size / 100)}); registry discovery: ${inBand.discoveryRequests} request(s) (bound ceil(N/500) = ${Math.ceil(size / 500)}); the rest is once per process: eth_chainId x2, eth_getCode (Multicall3?), static info`);

    if (size <= outOfBandMax) {
      // Past the cooldown, then move the market 10% down: every vault (2x in [1.8, 2.2]) is above its band.
      await ethers.provider.send("evm_increaseTime", [601]);
      await ethers.provider.send("evm_mine", []);
      price = Math.round(price * 0.9);
      await moveMarket(stack, price);
      const outOfBand = await once("all out of band");
      const backInBand = await countInBand(ethers, vaults);
      const shared = outOfBand.total - PER_REBALANCE_METHODS.reduce((sum, method) => sum + (outOfBand.counts[method] ?? 0), 0);
      console.log(`        after the pass: ${backInBand} of ${vaults.length} vaults in band; requests beyond the shared ${shared}: ${((outOfBand.total - shared) / Math.max(1, outOfBand.rebalanced)).toFixed(2)} per rebalance (bound 4)`);
      // Let the next size start from the same cooldown state.
      await ethers.provider.send("evm_increaseTime", [601]);
      await ethers.provider.send("evm_mine", []);
    } else console.log(`        all out of band: skipped at ${size} vaults (BENCH_OUT_OF_BAND_MAX=${outOfBandMax})`);
    console.log("");
  }
} finally {
  await proxy.close();
  await node.stop();
}

function summarize(outcomes: { outcome: string }[]): string {
  const counts = new Map<string, number>();
  for (const { outcome } of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${outcome} ${count}`).join(", ") || "none";
}

async function countInBand(ethers: Awaited<ReturnType<typeof network.create>>["ethers"], addresses: string[]): Promise<number> {
  let inBand = 0;
  for (const address of addresses) {
    const vault = await ethers.getContractAt("MorphoBlueLeveragedVault", address);
    if ((await vault.rebalanceStatus()).action === 0n) inBand += 1;
  }
  return inBand;
}
