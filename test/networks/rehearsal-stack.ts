/**
 * The local stack dressed as a preset network: the real protocols deployed on a chain with the
 * preset's chain id, a sequencer-uptime feed (a settable feed reporting up for two hours), and the
 * preset override that points the preset at all of it.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { PresetOverride } from "../../scripts/networks/presets.js";
import { MORPHO_PRESET_LLTV } from "../../scripts/networks/presets.js";
import { deployLocalStack, MULTICALL3_ADDRESS, type LocalStackOptions, type LocalStackWithAave } from "../../scripts/stack/deploy-local-stack.js";
import type { SettablePriceFeed } from "../../types/ethers-contracts/index.js";

export interface RehearsalStack {
  stack: LocalStackWithAave;
  sequencer: SettablePriceFeed;
  override: PresetOverride;
}

/** Seconds the sequencer feed has reported up: past the vaults' one-hour grace period. */
export const SEQUENCER_UP_FOR = 7_200;

export async function deployRehearsalStack(ethers: HardhatEthers, options: LocalStackOptions = {}): Promise<RehearsalStack> {
  const stack = await deployLocalStack(ethers, { ...options, aave: true, lltv: MORPHO_PRESET_LLTV });
  const sequencer = (await (await ethers.getContractFactory("SettablePriceFeed", stack.signer)).deploy(0, "L2 Sequencer Uptime Status Feed", 0)) as unknown as SettablePriceFeed;
  await sequencer.waitForDeployment();
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  await (await sequencer.setRoundData(0, now - SEQUENCER_UP_FOR, now)).wait();
  const override: PresetOverride = {
    "//": "The local stack of the rehearsal (test/networks/rehearsal-stack.ts)",
    multicall3: MULTICALL3_ADDRESS,
    uniswapV3Factory: await stack.uniswap.factory.getAddress(),
    morpho: { morpho: await stack.morpho.morpho.getAddress(), adaptiveCurveIrm: await stack.morpho.irm.getAddress(), lltv: MORPHO_PRESET_LLTV.toString() },
    aave: { pool: await stack.aave.pool.getAddress() },
    tokens: { WETH: await stack.tokens.weth.getAddress(), USDC: await stack.tokens.usdc.getAddress() },
    feeds: { "ETH/USD": { address: await stack.feeds.ethUsd.getAddress() }, "USDC/USD": { address: await stack.feeds.usdcUsd.getAddress() } },
    sequencerFeed: { address: await sequencer.getAddress(), source: "the rehearsal's settable feed" },
  };
  return { stack, sequencer, override };
}
