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
  /** Start from a deployment preset (see `DEPLOYMENT_PRESETS`); the other fields override it. */
  preset?: PresetName;
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
  /** The heartbeats of the chain's feeds, from which the feed max ages follow (default: mainnet's). */
  feedHeartbeats?: FeedHeartbeats;
}

/**
 * Sensible parameters for a 2x vault on the local stack (a band of ±0.2x unless a `preset` says
 * otherwise); every field can be overridden.
 */
export function defaultParameters(kind: VaultKind, requested: ParameterChoices = {}) {
  const { preset, ...overrides } = requested;
  const choices: ParameterChoices = preset ? { ...presetChoices(preset, kind), ...withoutUndefined(overrides) } : overrides;
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
  const heartbeats = choices.feedHeartbeats ?? FEED_HEARTBEATS.mainnet;
  const oracle: OracleParameters = {
    collateralFeedMaxAge: feedMaxAge(heartbeats[FEEDS_READ[kind].collateral]),
    debtFeedMaxAge: feedMaxAge(heartbeats[FEEDS_READ[kind].debt]),
    sequencerGracePeriod: 0,
    minPrice: low,
    maxPrice: high,
  };
  return { risk, oracle };
}

/* FEED MAX AGES, FROM EACH FEED'S HEARTBEAT */

/** The Chainlink feeds a vault on the stack prices with. */
export type FeedName = "ETH/USD" | "USDC/USD";

/**
 * The heartbeat of each feed on one chain, in seconds: the longest the feed goes without a new
 * round while the price stays inside its deviation threshold.
 */
export type FeedHeartbeats = Record<FeedName, number>;

/**
 * Heartbeats as Chainlink publishes them (docs.chain.link, "Price Feed Contract Addresses"; they
 * differ between chains for the same pair: check the chain a vault deploys on).
 * - Ethereum mainnet: ETH/USD 3,600 s (1 h, 0.5% deviation), USDC/USD 86,400 s (24 h, 0.25%).
 * - Base (the `L2` preset's rollup): ETH/USD 1,200 s (20 min), USDC/USD 86,400 s. Other rollups
 *   differ (Arbitrum lists ETH/USD with a 24 h heartbeat and a 0.05% deviation): look each feed up
 *   for the chain before deploying, and pass its figures as `feedHeartbeats`.
 */
export const FEED_HEARTBEATS = {
  mainnet: { "ETH/USD": 3_600, "USDC/USD": 86_400 },
  base: { "ETH/USD": 1_200, "USDC/USD": 86_400 },
} as const satisfies Record<string, FeedHeartbeats>;

/**
 * Seconds allowed on top of a heartbeat: a heartbeat round is started when the heartbeat is reached
 * and still has to reach the chain (Chainlink: "depending on congestion and network conditions,
 * there may be a slight delay"). Ten minutes is 50 mainnet blocks; an answer older than heartbeat +
 * allowance means the feed missed its beat, not that it is slow.
 */
export const FEED_UPDATE_ALLOWANCE = 600;

/** The max age for a feed with `heartbeat`: the heartbeat plus `FEED_UPDATE_ALLOWANCE`. */
export function feedMaxAge(heartbeat: number): number {
  return heartbeat + FEED_UPDATE_ALLOWANCE;
}

/** Which feed prices which side: ETH/USD is the long vault's collateral feed and the inverse vault's debt feed. */
export const FEEDS_READ: Record<VaultKind, { collateral: FeedName; debt: FeedName }> = {
  long: { collateral: "ETH/USD", debt: "USDC/USD" },
  inverse: { collateral: "USDC/USD", debt: "ETH/USD" },
};

/* DEPLOYMENT PRESETS, CHOSEN BY THE BACKTESTER */

export type PresetName = "L1" | "L2";
export const PRESET_NAMES: PresetName[] = ["L1", "L2"];

/**
 * What a preset was optimised for: `npm run backtest -- optimise --assumptions <name>` rebuilds the
 * cost model and the paths from these numbers and prints the frontier and the recommendation.
 */
export interface PresetAssumptions {
  description: string;
  targetLeverage: number;
  /** Vault equity in USD. */
  tvlUsd: number;
  ethPriceUsd: number;
  /** Annualised ETH volatility of the simulated paths (GBM, no drift). */
  annualVolatility: number;
  /** Years per simulated path. */
  years: number;
  /** How often the keeper looks at the market, in seconds. */
  keeperIntervalSeconds: number;
  /** Number of seeded paths. */
  paths: number;
  gasPriceGwei: number;
  /** Gas of one rebalance: `npm start` measured 2,783,566 gas for 11 rebalances, 253,051 each. */
  gasPerRebalance: number;
  /** Uniswap v3 fee tier as a fraction. */
  poolFee: number;
  /** USD that moves the pool's price by 1% (concentrated liquidity around the price). */
  poolDepthUsdPerPercent: number;
  /** Borrow rate on the debt; the collateral earns nothing on Morpho Blue. */
  borrowApr: number;
  /** Weight of tracking error against cost drag in the objective. */
  trackingErrorWeight: number;
}

/** A preset: its assumptions and the knobs the optimiser recommended under them. */
export interface DeploymentPreset {
  assumptions: PresetAssumptions;
  /** Band half-width in leverage (the band is target ± this). */
  bandHalfWidth: number;
  recenteringSpeedBps: number;
  /** Maximum trade size as a share of the assumed TVL (`Infinity`: no cap). */
  maxTradeFraction: number;
  /** The heartbeats of the chain's feeds (default: `FEED_HEARTBEATS.mainnet`). */
  feedHeartbeats?: FeedHeartbeats;
}

const COMMON_ASSUMPTIONS = {
  targetLeverage: 2,
  ethPriceUsd: 3000,
  annualVolatility: 0.8,
  years: 1,
  keeperIntervalSeconds: 3600,
  paths: 200,
  gasPerRebalance: 253_000,
  poolFee: 0.0005,
  borrowApr: 0.05,
  trackingErrorWeight: 1,
};

/**
 * The presets. Each choice is the optimiser's recommendation under the assumptions next to it
 * (`npm run backtest -- optimise --assumptions L1`); rerun it when the assumptions change.
 */
export const DEPLOYMENT_PRESETS: Record<PresetName, DeploymentPreset> = {
  L1: {
    assumptions: {
      ...COMMON_ASSUMPTIONS,
      description: "Ethereum mainnet: $5M vault, 30 gwei, ETH/USDC 0.05% pool with $5M per 1% of depth",
      tvlUsd: 5_000_000,
      gasPriceGwei: 30,
      poolDepthUsdPerPercent: 5_000_000,
    },
    // Recommended on seeds 1-200: tracking error 2.07%, cost drag 7.35% a year (about 5% of it
    // interest, 0.59% gas), 931 rebalances a year; FLI-style scores 16.90% against 9.43%.
    bandHalfWidth: 0.05,
    recenteringSpeedBps: 5_000,
    maxTradeFraction: Infinity,
  },
  L2: {
    assumptions: {
      ...COMMON_ASSUMPTIONS,
      description: "An L2 rollup: $500k vault, 0.05 gwei, ETH/USDC 0.05% pool with $1M per 1% of depth",
      tvlUsd: 500_000,
      gasPriceGwei: 0.05,
      poolDepthUsdPerPercent: 1_000_000,
    },
    // Recommended on seeds 1-200: tracking error 1.30%, cost drag 7.25% a year (about 5% of it
    // interest, 0.02% gas), 2,019 rebalances a year; FLI-style scores 16.28% against 8.55%.
    bandHalfWidth: 0.03,
    recenteringSpeedBps: 5_000,
    maxTradeFraction: 0.1,
    feedHeartbeats: FEED_HEARTBEATS.base,
  },
};

/**
 * The parameter choices of a preset for a vault of `kind`: its band around its target, its
 * recentering speed, its trade cap in whole collateral tokens at the assumed TVL and its chain's
 * feed heartbeats.
 */
export function presetChoices(name: PresetName, kind: VaultKind): ParameterChoices {
  const preset = DEPLOYMENT_PRESETS[name];
  if (!preset) throw new RangeError(`preset must be one of ${PRESET_NAMES.join(", ")} (got "${name}")`);
  const { targetLeverage, tvlUsd, ethPriceUsd } = preset.assumptions;
  const tvlInCollateral = kind === "long" ? tvlUsd / ethPriceUsd : tvlUsd;
  return {
    targetLeverage,
    band: [targetLeverage - preset.bandHalfWidth, targetLeverage + preset.bandHalfWidth],
    recenteringSpeedBps: preset.recenteringSpeedBps,
    feedHeartbeats: preset.feedHeartbeats ?? FEED_HEARTBEATS.mainnet,
    ...(preset.maxTradeFraction === Infinity ? {} : { maxTradeSize: Number((preset.maxTradeFraction * tvlInCollateral).toFixed(6)) }),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
