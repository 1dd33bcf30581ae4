/**
 * The main job: on Hardhat's in-process chain, deploy the real stack and a leveraged vault, fund
 * several depositors, start the keeper in watch mode against the chain, and play a market scenario
 * step by step. Returns the report; `main.ts` prints it and writes the chart.
 *
 * The chain runs inside this process; a loopback JSON-RPC server exposes it so the keeper talks to
 * it exactly as it would to any node (its `watch` driver, unchanged).
 */
import { EventEmitter } from "node:events";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";

import { createLogger, resolveConfig, type Logger } from "../../keeper/src/index.js";
import { runWatch } from "../../keeper/src/run/watch.js";
import { arbitragePoolTo, deployLocalStack, moveMarket, toFeedAnswer, type LocalStack } from "../stack/deploy-local-stack.js";
import { AAVE_USDC_RATE_CURVE } from "../stack/deploy-aave.js";
import { deployAaveV3Vault, deployMorphoBlueVault } from "../vault/deploy-vault.js";
import type { VaultMarket } from "../vault/vault-request.js";
import { depositWeth } from "../vault/deposit-weth.js";
import { policyFromRiskParameters, type VaultFlow } from "@leveraged-vault/sdk/backtest";

import { DEPLOYMENT_PRESETS, leverageToNumber, presetChoices, type PresetName } from "../vault/vault-parameters.js";
import { startAutomationDriver, type AutomationDriver } from "./automation-driver.js";
import { generatePricePath, type ScenarioName } from "./price-path.js";
import { buildReport, type DemoRebalance, type DemoReport, type DemoSample } from "./report.js";

/** Hardhat's well-known development key for account #1 (the keeper). Local chains only. */
const KEEPER_DEV_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const ACTION_NAMES = ["none", "rebalance", "iterate", "emergency"];

export interface DemoOptions {
  scenario: ScenarioName;
  days: number;
  seed: number;
  targetLeverage: number;
  band: [number, number];
  /** How far one rebalance goes back toward the target, in bps. Default 10,000 (all the way). */
  recenteringSpeedBps?: number;
  /** Most WETH one rebalance trades; larger moves iterate. Default: the vault's default (500). */
  maxTradeSize?: number;
  /** The deployment preset the parameters come from, for the summary (undefined: chosen by hand). */
  preset?: PresetName;
  /** Hours between two price points. */
  stepHours: number;
  /**
   * Who rebalances: the TypeScript keeper in watch mode (default), or Chainlink Automation's registry
   * performed by the local node network.
   */
  keeper?: DemoKeeper;
  /** The lending market the vault's position lives on: Morpho Blue (default) or Aave v3. */
  market?: VaultMarket;
  /** Called after every step with a one-line progress message. */
  onProgress?: (message: string) => void;
  /** Where the keeper's JSON log lines go (default: dropped). */
  keeperLog?: (line: string) => void;
}

export type DemoKeeper = "typescript" | "automation";

/** The demo's vault parameters from a deployment preset. */
export function demoParametersFromPreset(preset: PresetName): Pick<DemoOptions, "targetLeverage" | "band" | "recenteringSpeedBps" | "maxTradeSize" | "preset"> {
  const choices = presetChoices(preset, "long");
  return {
    preset,
    targetLeverage: choices.targetLeverage ?? DEPLOYMENT_PRESETS[preset].assumptions.targetLeverage,
    band: choices.band!,
    recenteringSpeedBps: choices.recenteringSpeedBps,
    maxTradeSize: choices.maxTradeSize,
  };
}

/** `npm start` with no options: the crash-and-recovery path with the L2 preset's parameters. */
export const DEFAULT_DEMO_OPTIONS: DemoOptions = {
  scenario: "crash-recovery",
  days: 30,
  seed: 7,
  ...demoParametersFromPreset("L2"),
  stepHours: 4,
  keeper: "typescript",
};

/**
 * Watches the keeper's log for ticks, so the demo can wait until the keeper has looked at the
 * latest block and found nothing left to do before the market moves again.
 */
class KeeperProgress {
  private lastIdleBlock = -1n;
  private waiters: (() => void)[] = [];

  logger(write: (line: string) => void): Logger {
    const inner = createLogger({ level: "info", write });
    const observe = (event: string, fields?: Record<string, unknown>) => {
      if (event !== "tick.done" || !fields) return;
      const outcomes = (fields.outcomes as { outcome: string }[] | undefined) ?? [];
      const block = BigInt(fields.block as bigint | string);
      // A tick that sent nothing (nothing due, cooldown, a lost race or a failure) has seen this block through.
      if (outcomes.every((outcome) => outcome.outcome !== "acted") && block > this.lastIdleBlock) this.lastIdleBlock = block;
      for (const wake of this.waiters.splice(0)) wake();
    };
    return {
      debug: (event, fields) => {
        observe(event, fields);
        inner.debug(event, fields);
      },
      info: (event, fields) => inner.info(event, fields),
      warn: (event, fields) => inner.warn(event, fields),
      error: (event, fields) => inner.error(event, fields),
      addSecret: (value) => inner.addSecret(value),
    };
  }

  /** Resolves once a tick at `block` or later sent nothing. */
  async idleAt(block: bigint, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.lastIdleBlock < block) {
      if (Date.now() > deadline) throw new Error(`the keeper did not catch up with block ${block} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

/**
 * What the replay needs from the long vault's lending market: its liquidation LTV (WAD), the USDC
 * supplied to the USDC side, and the borrow APR per unit of utilisation. Morpho's `IrmMock` charges
 * the utilisation itself (1); Aave's rate strategy charges `slope1 / optimal usage` per unit below
 * its kink (the demo stays far below it), with the stack's default USDC curve (4% at 90%).
 */
async function lendingFacts(stack: LocalStack, market: VaultMarket) {
  if (market === "aave" && stack.aave) {
    const { pool, reserves } = stack.aave;
    const configuration = (await pool.getConfiguration(reserves.weth.asset)) as { data: bigint };
    const liquidationThresholdBps = (configuration.data >> 16n) & 0xffffn;
    return {
      liquidationLtv: liquidationThresholdBps * 10n ** 14n,
      usdcSupplied: Number(await reserves.usdc.aToken.totalSupply()) / 1e6,
      borrowAprPerUtilisation: AAVE_USDC_RATE_CURVE.slope1 / AAVE_USDC_RATE_CURVE.optimalUsage,
    };
  }
  const morphoMarket = stack.morpho.wethCollateralMarket;
  const lending = await stack.morpho.morpho.market(morphoMarket.id);
  return {
    liquidationLtv: morphoMarket.params.lltv,
    usdcSupplied: Number(lending.totalSupplyAssets) / 1e6,
    borrowAprPerUtilisation: 1,
  };
}

export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const progress = options.onProgress ?? (() => {});
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const url = `http://${address}:${port}`;
  const { ethers, networkHelpers } = await network.create({ network: "localhost", override: { url } });
  const stopKeeper = new EventEmitter();
  let keeperDone: Promise<number> | undefined;

  try {
    const [deployer, keeper, ...depositors] = await ethers.getSigners();
    const market = options.market ?? "morpho";
    const marketLabel = market === "aave" ? "Aave v3" : "Morpho Blue";
    progress(`In-process chain at ${url}: deploying Uniswap v3, ${marketLabel} and a ${options.targetLeverage}x vault on ${marketLabel}`);
    const stack = await deployLocalStack(ethers, { signer: deployer, aave: market === "aave" });
    const [bandLow, bandHigh] = options.band;
    const deployVault = market === "aave" ? deployAaveV3Vault : deployMorphoBlueVault;
    const deployment = await deployVault(ethers, stack as Parameters<typeof deployAaveV3Vault>[1], {
      kind: "long",
      keeper: keeper.address,
      targetLeverage: options.targetLeverage,
      band: options.band,
      emergencyLeverage: bandHigh + 0.4,
      ...(options.recenteringSpeedBps === undefined ? {} : { recenteringSpeedBps: options.recenteringSpeedBps }),
      ...(options.maxTradeSize === undefined ? {} : { maxTradeSize: options.maxTradeSize }),
    });
    const { vault } = deployment;
    const vaultAddress = await vault.getAddress();

    // Depositors of different sizes; arbitrageurs put the pool back on the oracle after each.
    const deposits = [40, 25, 15, 10];
    const flows: VaultFlow[] = [];
    for (const [index, amount] of deposits.entries()) {
      await depositWeth(stack, vaultAddress, depositors[index], amount);
      flows.push({ step: 0, kind: "deposit", assets: amount });
    }
    progress(`${deposits.length} depositors put in ${deposits.reduce((a, b) => a + b, 0)} WETH`);

    // Who rebalances: the keeper in watch mode against the chain's JSON-RPC endpoint, or Automation.
    let automationDriver: AutomationDriver | undefined;
    let settle: () => Promise<void>;
    if (options.keeper === "automation") {
      const driver = await startAutomationDriver(ethers, stack, deployment, deployer);
      automationDriver = driver;
      progress("Chainlink Automation registry 2.3 deployed; the vault is a conditional upkeep and its forwarder is set");
      settle = () => driver.settle();
    } else {
      // The keeper, in watch mode, against the chain's JSON-RPC endpoint.
      const keeperProgress = new KeeperProgress();
      const logger = keeperProgress.logger(options.keeperLog ?? (() => {}));
      const lockDirectory = await mkdtemp(path.join(tmpdir(), "leveraged-vault-demo-"));
      const config = resolveConfig({
        file: {
          rpc: { write: url },
          chainId: Number((await ethers.provider.getNetwork()).chainId),
          // The registry lists the demo's vault; naming it in vaults[] as well only gives it its label.
          registry: deployment.libraries.VaultRegistry,
          vaults: [{ address: vaultAddress, name: "ETH2X" }],
          signer: { privateKeyEnv: "DEMO_KEEPER_KEY" },
          lockFile: path.join(lockDirectory, "keeper.lock"),
          metrics: { port: 0, host: "127.0.0.1", healthMaxAgeSeconds: 600 },
          pollIntervalMs: 25,
          logLevel: "debug",
        },
      });
      keeperDone = runWatch(config, { DEMO_KEEPER_KEY: KEEPER_DEV_KEY }, logger, stopKeeper);
      // The keeper has seen the latest block and has nothing in flight: the market may move without
      // racing one of its trades.
      settle = async () => keeperProgress.idleAt(BigInt(await ethers.provider.getBlockNumber()));
    }

    const pricePath = generatePricePath({
      scenario: options.scenario,
      days: options.days,
      seed: options.seed,
      startPrice: 3000,
      stepHours: options.stepHours,
    });
    const oneShare = 10n ** (await vault.decimals());
    const samples: DemoSample[] = [];
    const sample = async (time: number, price: number) => {
      const state = await vault.positionState();
      const navWeth = Number(await vault.convertToAssets(oneShare)) / 1e18;
      samples.push({ time, price, leverage: leverageToNumber(state.leverage), navUsd: navWeth * price });
    };

    await settle();
    await sample(0, pricePath.prices[0]);
    const stepsPerDay = Math.round(24 / options.stepHours);
    for (let step = 1; step < pricePath.prices.length; step++) {
      await networkHelpers.time.increase(pricePath.stepSeconds);
      await settle();
      await moveMarket(stack, pricePath.prices[step], { inOneBlock: true, alsoRefresh: [stack.feeds.usdcUsd] });
      await settle();
      // Flows in the middle of the run: a newcomer deposits at a third, an early holder leaves at two thirds.
      if (step === Math.floor(pricePath.prices.length / 3)) {
        await depositWeth(stack, vaultAddress, depositors[4], 20, settle);
        flows.push({ step, kind: "deposit", assets: 20 });
      }
      if (step === Math.floor((2 * pricePath.prices.length) / 3)) {
        const holder = depositors[1];
        const shares = (await vault.balanceOf(holder.address)) / 2n;
        flows.push({ step, kind: "redeem", fractionOfSupply: Number(shares) / Number(await vault.totalSupply()) });
        await (await vault.connect(holder).redeem(shares, holder.address, holder.address)).wait();
        await settle();
        await arbitragePoolTo(stack, toFeedAnswer(pricePath.prices[step]));
        await settle();
      }
      await sample(pricePath.times[step], pricePath.prices[step]);
      if (step % stepsPerDay === 0 || step === pricePath.prices.length - 1) {
        const last = samples[samples.length - 1];
        const rebalances = (await vault.queryFilter(vault.filters.Rebalanced())).length;
        progress(
          `day ${(pricePath.times[step] / 86_400).toFixed(0).padStart(3)}/${options.days}  ETH ${last.price.toFixed(0).padStart(5)} USD  leverage ${last.leverage.toFixed(3)}x  rebalances ${rebalances}`,
        );
      }
    }

    const rebalances: DemoRebalance[] = [];
    const startTime = (await ethers.provider.getBlock(0))?.timestamp ?? 0;
    for (const event of await vault.queryFilter(vault.filters.Rebalanced())) {
      const receipt = await event.getTransactionReceipt();
      const block = await event.getBlock();
      rebalances.push({
        time: block.timestamp - startTime,
        action: ACTION_NAMES[Number(event.args.action)] ?? String(event.args.action),
        leverageBefore: leverageToNumber(event.args.leverageBefore),
        leverageAfter: leverageToNumber(event.args.leverageAfter),
        gasUsed: receipt.gasUsed,
      });
    }
    if (automationDriver) progress(await automationDriver.describe());
    const risk = await vault.riskParameters();
    const lending = await lendingFacts(stack, market);
    return buildReport({
      scenario: options.scenario,
      days: options.days,
      seed: options.seed,
      targetLeverage: options.targetLeverage,
      band: [bandLow, bandHigh],
      emergencyLeverage: leverageToNumber(risk.emergencyLeverage),
      preset: options.preset,
      lendingMarket: marketLabel,
      samples,
      rebalances,
      chain: {
        policy: policyFromRiskParameters(risk, {
          collateralDecimals: 18,
          liquidationLtv: lending.liquidationLtv,
          collateralFeedMaxAge: (await vault.oracleParameters()).collateralFeedMaxAge,
        }),
        flows,
        poolFee: stack.uniswap.fee / 1e6,
        // WETH has 18 decimals and USDC 6: raw liquidity is in units of √(1e18·1e6) = 1e12.
        poolLiquidity: Number(await stack.uniswap.pool.liquidity()) / 1e12,
        lendingSupply: lending.usdcSupplied,
        borrowAprPerUtilisation: lending.borrowAprPerUtilisation,
      },
    });
  } finally {
    stopKeeper.emit("SIGTERM");
    await keeperDone;
    await server.close();
  }
}
