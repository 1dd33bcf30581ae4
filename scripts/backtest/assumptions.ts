/**
 * From a preset's stated assumptions to what the backtester needs: the cost model, the seeded
 * paths, the starting equity and the fixed part of the policy. The CLI, the bench and the tests
 * share these so that a preset always means the same thing.
 */
import {
  generateGbmPath,
  liquidityForDepth,
  type CostModel,
  type PricePath,
  type VaultPolicy,
} from "@leveraged-vault/sdk/backtest";

import { DEPLOYMENT_PRESETS, type PresetAssumptions, type PresetName } from "../vault/vault-parameters.js";

/** Morpho Blue market LLTV of the local stack (and of the mainnet WETH/USDC 86% market). */
export const LIQUIDATION_LTV = 0.86;

/** The cost model the assumptions describe: fee and depth of the pool, interest, keeper gas. */
export function costModelFor(assumptions: PresetAssumptions): CostModel {
  return {
    pool: { fee: assumptions.poolFee, liquidity: liquidityForDepth(assumptions.poolDepthUsdPerPercent, assumptions.ethPriceUsd) },
    interest: { borrowApr: assumptions.borrowApr, supplyApr: 0 },
    gas: { gasPerRebalance: assumptions.gasPerRebalance, gasPriceGwei: assumptions.gasPriceGwei },
  };
}

/** Starting equity in WETH. */
export function initialEquityFor(assumptions: PresetAssumptions): number {
  return assumptions.tvlUsd / assumptions.ethPriceUsd;
}

/** `count` seeded GBM paths from `firstSeed` on, as the assumptions describe them. */
export function pathsFor(assumptions: PresetAssumptions, count: number, firstSeed: number): PricePath[] {
  return Array.from({ length: count }, (_, index) =>
    generateGbmPath({
      seed: firstSeed + index,
      startPrice: assumptions.ethPriceUsd,
      volatility: assumptions.annualVolatility,
      years: assumptions.years,
      stepSeconds: assumptions.keeperIntervalSeconds,
    }),
  );
}

/**
 * The parts of a policy the optimiser does not search: the vault's defaults on the local stack
 * (10-minute cooldown, 1% slippage bound, 0.5% emergency reward capped at 1 WETH, prices at most an
 * hour old for a lever-up) and Morpho's liquidation leverage. Band, speed and trade cap are placeholders the optimiser replaces.
 */
export function basePolicyFor(targetLeverage: number): VaultPolicy {
  return {
    targetLeverage,
    minLeverage: Math.max(1, targetLeverage - 0.2),
    maxLeverage: targetLeverage + 0.2,
    emergencyLeverage: targetLeverage + 0.6,
    recenteringSpeedBps: 10_000,
    maxTradeSize: Infinity,
    cooldownSeconds: 600,
    maxSlippageBps: 100,
    emergencyRewardBps: 50,
    maxEmergencyReward: 1,
    liquidationLeverage: 1 / (1 - LIQUIDATION_LTV),
    priceMaxAgeSeconds: 3600,
  };
}

/** The FLI-style policy the issue compares against: band 1.7–2.3 around 2x, back to 2x in one go. */
export function fliStylePolicy(): VaultPolicy {
  return { ...basePolicyFor(2), minLeverage: 1.7, maxLeverage: 2.3, emergencyLeverage: 2.7, recenteringSpeedBps: 10_000, maxTradeSize: Infinity };
}

/** A preset's recommended policy, at the TVL it assumes. */
export function presetPolicy(name: PresetName): VaultPolicy {
  const preset = DEPLOYMENT_PRESETS[name];
  const { targetLeverage } = preset.assumptions;
  const maxLeverage = targetLeverage + preset.bandHalfWidth;
  return {
    ...basePolicyFor(targetLeverage),
    minLeverage: Math.max(1, targetLeverage - preset.bandHalfWidth),
    maxLeverage,
    emergencyLeverage: maxLeverage + 0.4,
    recenteringSpeedBps: preset.recenteringSpeedBps,
    maxTradeSize: preset.maxTradeFraction === Infinity ? Infinity : preset.maxTradeFraction * initialEquityFor(preset.assumptions),
  };
}
