/**
 * Parameter presets for vaults on the local stack, and the conversions they need. Leverages are
 * WAD bigints (2x = 2e18); prices use the vault's 1e36 scale (one raw collateral unit in raw debt
 * units).
 */
import { parseUnits } from "ethers";

export const WAD = 10n ** 18n;

/** A type alias (not an interface) so it fits Ignition's parameter types. */
export type RiskParameters = {
  targetLeverage: bigint;
  minLeverage: bigint;
  maxLeverage: bigint;
  emergencyLeverage: bigint;
  recenteringSpeedBps: number;
  maxSlippageBps: number;
  maxPoolDeviationBps: number;
  emergencyRewardBps: number;
  cooldown: number;
  gracePeriod: number;
  maxTradeSize: bigint;
  maxEmergencyReward: bigint;
  depositCap: bigint;
};

/** A type alias (not an interface) so it fits Ignition's parameter types. */
export type OracleParameters = {
  collateralFeedMaxAge: number;
  debtFeedMaxAge: number;
  sequencerGracePeriod: number;
  minPrice: bigint;
  maxPrice: bigint;
};

/** A leverage such as 2 or 1.8 as a WAD bigint. */
export function leverage(value: number): bigint {
  return parseUnits(value.toString(), 18);
}

/** A WAD leverage as a float, for reports and tolerances. */
export function leverageToNumber(value: bigint): number {
  return Number(value) / 1e18;
}

/**
 * The vault's 1e36-scale price for an ETH price in USD. Long vaults (WETH collateral, USDC debt)
 * price one raw WETH unit in raw USDC; inverse vaults (USDC collateral, WETH debt) the reverse.
 */
export function vaultPriceForEthUsd(ethUsd: number, kind: VaultKind): bigint {
  const usdMicros = BigInt(Math.round(ethUsd * 1e6)); // ETH price with 6 decimals
  const ethInUsdcRaw = usdMicros * 10n ** 24n / 10n ** 6n; // 1e36 * 1e6 / 1e18 per USD
  return kind === "long" ? ethInUsdcRaw : 10n ** 72n / ethInUsdcRaw;
}

export type VaultKind = "long" | "inverse";

export interface ParameterChoices {
  targetLeverage?: number;
  band?: [number, number];
  emergencyLeverage?: number;
  recenteringSpeedBps?: number;
  maxSlippageBps?: number;
  maxPoolDeviationBps?: number;
  cooldown?: number;
  gracePeriod?: number;
  /** In whole collateral tokens. */
  maxTradeSize?: number;
  /** In whole collateral tokens. */
  depositCap?: number;
}

/** Sensible parameters for a 2x vault on the local stack; every field can be overridden. */
export function defaultParameters(kind: VaultKind, choices: ParameterChoices = {}) {
  const decimals = kind === "long" ? 18 : 6;
  const units = (amount: number) => parseUnits(amount.toString(), decimals);
  const target = choices.targetLeverage ?? 2;
  const [min, max] = choices.band ?? [target - 0.2, target + 0.2];
  const risk: RiskParameters = {
    targetLeverage: leverage(target),
    minLeverage: leverage(Math.max(1, min)),
    maxLeverage: leverage(max),
    emergencyLeverage: leverage(choices.emergencyLeverage ?? max + 0.4),
    recenteringSpeedBps: choices.recenteringSpeedBps ?? 10_000,
    maxSlippageBps: choices.maxSlippageBps ?? 100,
    maxPoolDeviationBps: choices.maxPoolDeviationBps ?? 100,
    emergencyRewardBps: 50,
    cooldown: choices.cooldown ?? 600,
    gracePeriod: choices.gracePeriod ?? 3600,
    maxTradeSize: units(choices.maxTradeSize ?? (kind === "long" ? 500 : 1_500_000)),
    maxEmergencyReward: units(kind === "long" ? 1 : 3_000),
    depositCap: units(choices.depositCap ?? (kind === "long" ? 10_000 : 30_000_000)),
  };
  const [low, high] = kind === "long"
    ? [vaultPriceForEthUsd(100, kind), vaultPriceForEthUsd(100_000, kind)]
    : [vaultPriceForEthUsd(100_000, kind), vaultPriceForEthUsd(100, kind)];
  const oracle: OracleParameters = {
    collateralFeedMaxAge: 3600,
    debtFeedMaxAge: 86_400,
    sequencerGracePeriod: 0,
    minPrice: low,
    maxPrice: high,
  };
  return { risk, oracle };
}
