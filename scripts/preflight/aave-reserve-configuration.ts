/**
 * The fields of an Aave v3 reserve's configuration bitmap (`Pool.getConfiguration`) the preflight
 * reports, at the bit positions of Aave's `ReserveConfiguration` library (v3.0 to v3.3 keep them).
 * The vault reads only the two LTVs, with `contracts/markets/AaveV3ReserveConfiguration.sol`.
 */
export interface AaveReserveConfiguration {
  /** Basis points (8000 = 80%). */
  ltv: number;
  liquidationThreshold: number;
  decimals: number;
  active: boolean;
  frozen: boolean;
  borrowingEnabled: boolean;
  paused: boolean;
  /** Whole tokens; 0 is no cap. */
  borrowCap: bigint;
  supplyCap: bigint;
}

const bits = (configuration: bigint, from: number, width: number) => (configuration >> BigInt(from)) & ((1n << BigInt(width)) - 1n);

export function decodeAaveReserveConfiguration(configuration: bigint): AaveReserveConfiguration {
  return {
    ltv: Number(bits(configuration, 0, 16)),
    liquidationThreshold: Number(bits(configuration, 16, 16)),
    decimals: Number(bits(configuration, 48, 8)),
    active: bits(configuration, 56, 1) === 1n,
    frozen: bits(configuration, 57, 1) === 1n,
    borrowingEnabled: bits(configuration, 58, 1) === 1n,
    paused: bits(configuration, 60, 1) === 1n,
    borrowCap: bits(configuration, 80, 36),
    supplyCap: bits(configuration, 116, 36),
  };
}
