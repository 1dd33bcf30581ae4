
/**
 * A vault's rebalancing policy as plain numbers: the fields of the vault's `RiskParameters` that
 * decide when and how much it trades. Leverages are multiples (2 = 2x), amounts whole collateral
 * tokens.
 */
export interface VaultPolicy {
  targetLeverage: number;
  /** Below this the vault levers up. */
  minLeverage: number;
  /** Above this the vault delevers. */
  maxLeverage: number;
  /** At or above this anyone may delever, for a reward, ignoring the cooldown. */
  emergencyLeverage: number;
  /** How far one rebalance goes toward the target: 10,000 is all the way. */
  recenteringSpeedBps: number;
  /** Most collateral one rebalance buys or sells; larger moves iterate. `Infinity`: no cap. */
  maxTradeSize: number;
  /** Seconds after a rebalance before the next routine one. */
  cooldownSeconds: number;
  /** A trade costing more than this over the oracle price reverts. `Infinity`: no bound. */
  maxSlippageBps: number;
  /** Emergency reward, as a share of the collateral sold. */
  emergencyRewardBps: number;
  /** Cap on one emergency reward, in collateral. */
  maxEmergencyReward: number;
  /** Leverage at which the lending market liquidates: `1 / (1 − LLTV)`. */
  liquidationLeverage: number;
  /**
   * The oracle's maximum age (`collateralFeedMaxAge`): a lever-up needs a price this fresh, while
   * delevering works on the last usable one. Each point of a path is a fresh price. Default: no limit.
   */
  priceMaxAgeSeconds?: number;
}

/** Leverage within this of an aim counts as on it (the vault's `LEVERAGE_TOLERANCE`, 1e15 WAD). */
export const LEVERAGE_TOLERANCE = 1e-3;

/** Checks a policy against the vault's own parameter rules; throws a `RangeError` naming the field. */
export function validateVaultPolicy(policy: VaultPolicy): void {
  const check = (name: keyof VaultPolicy, value: number, min: number, max: number) => {
    if (!(value >= min && value <= max)) throw new RangeError(`${name} must be in [${min}, ${max}] (got ${value})`);
  };
  check("targetLeverage", policy.targetLeverage, 1, 10);
  check("minLeverage", policy.minLeverage, 1, policy.targetLeverage);
  check("maxLeverage", policy.maxLeverage, policy.targetLeverage, policy.emergencyLeverage);
  check("emergencyLeverage", policy.emergencyLeverage, policy.maxLeverage, policy.liquidationLeverage);
  if (policy.emergencyLeverage === policy.maxLeverage) throw new RangeError(`emergencyLeverage must be above maxLeverage (both ${policy.maxLeverage})`);
  check("recenteringSpeedBps", policy.recenteringSpeedBps, 1, 10_000);
  check("maxTradeSize", policy.maxTradeSize, Number.MIN_VALUE, Infinity);
  check("cooldownSeconds", policy.cooldownSeconds, 0, Infinity);
  check("maxSlippageBps", policy.maxSlippageBps, 0, Infinity);
  check("emergencyRewardBps", policy.emergencyRewardBps, 0, 10_000);
  check("maxEmergencyReward", policy.maxEmergencyReward, 0, Infinity);
  check("liquidationLeverage", policy.liquidationLeverage, 1, Infinity);
  if (policy.priceMaxAgeSeconds !== undefined) check("priceMaxAgeSeconds", policy.priceMaxAgeSeconds, 0, Infinity);
}

/**
 * The fields of the vault's `RiskParameters` a policy needs, as viem (numbers for small integers)
 * or ethers (bigints everywhere) return them.
 */
export interface RiskParametersInput {
  targetLeverage: bigint;
  minLeverage: bigint;
  maxLeverage: bigint;
  emergencyLeverage: bigint;
  recenteringSpeedBps: number | bigint;
  maxSlippageBps: number | bigint;
  emergencyRewardBps: number | bigint;
  cooldown: number | bigint;
  maxTradeSize: bigint;
  maxEmergencyReward: bigint;
}

/**
 * The policy of a deployed vault, from its on-chain `riskParameters()` (WAD leverages, raw
 * collateral amounts), its market's liquidation LTV (WAD) and, optionally, its
 * `oracleParameters().collateralFeedMaxAge`.
 *
 * @example
 * ```ts
 * const risk = await client.readContract({ address: vault, abi: leveragedVaultAbi, functionName: "riskParameters" });
 * const policy = policyFromRiskParameters(risk, { collateralDecimals: 18, liquidationLtv: 860000000000000000n });
 * ```
 */
export function policyFromRiskParameters(
  risk: RiskParametersInput,
  options: { collateralDecimals: number; liquidationLtv: bigint; collateralFeedMaxAge?: number | bigint },
): VaultPolicy {
  const wad = (value: bigint) => Number(value) / 1e18;
  const collateral = (value: bigint) => Number(value) / 10 ** options.collateralDecimals;
  return {
    targetLeverage: wad(risk.targetLeverage),
    minLeverage: wad(risk.minLeverage),
    maxLeverage: wad(risk.maxLeverage),
    emergencyLeverage: wad(risk.emergencyLeverage),
    recenteringSpeedBps: Number(risk.recenteringSpeedBps),
    maxTradeSize: collateral(risk.maxTradeSize),
    cooldownSeconds: Number(risk.cooldown),
    maxSlippageBps: Number(risk.maxSlippageBps),
    emergencyRewardBps: Number(risk.emergencyRewardBps),
    maxEmergencyReward: collateral(risk.maxEmergencyReward),
    liquidationLeverage: 1 / (1 - wad(options.liquidationLtv)),
    ...(options.collateralFeedMaxAge === undefined ? {} : { priceMaxAgeSeconds: Number(options.collateralFeedMaxAge) }),
  };
}
