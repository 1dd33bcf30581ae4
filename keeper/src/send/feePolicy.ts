import { parseGwei } from "viem";

/**
 * EIP-1559 fee policy, pure. A routine rebalance pays at most the configured caps; as a vault's
 * leverage climbs from its band ceiling toward the emergency threshold the caps rise linearly up to
 * `emergencyFeeMultiplier` times, and an emergency delever is not capped at all: a fee cap must
 * never hold back the delever that protects the vault from liquidation (fixed caps once delayed
 * DeFi Saver's protective transactions until positions were liquidated). Its replacements stay
 * bounded by `replacement.maxReplacements`.
 */

export const GWEI = 1_000_000_000n;
const SCALE = 1_000_000n;

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

export interface FeeCapParameters {
  /** Configured routine caps. */
  cap: Fees;
  /** `fees.emergencyFeeMultiplier` (>= 1). */
  emergencyFeeMultiplier: number;
  /** Current leverage, band ceiling and emergency threshold (WAD) from `rebalanceStatus()`. */
  leverage: bigint;
  maxLeverage: bigint;
  emergencyLeverage: bigint;
  /** An emergency delever is due. */
  emergency: boolean;
}

/** How close leverage is to the emergency threshold: 0 at or below `maxLeverage`, 1 at or above `emergencyLeverage`. */
export function closenessToEmergency(leverage: bigint, maxLeverage: bigint, emergencyLeverage: bigint): number {
  if (emergencyLeverage <= maxLeverage) return leverage >= emergencyLeverage ? 1 : 0;
  if (leverage <= maxLeverage) return 0;
  if (leverage >= emergencyLeverage) return 1;
  return Number(((leverage - maxLeverage) * SCALE) / (emergencyLeverage - maxLeverage)) / Number(SCALE);
}

/** The fee multiple applied to the caps: `1 + (multiplier − 1) × closeness`; the full multiplier in an emergency. */
export function capMultiple({ emergencyFeeMultiplier, leverage, maxLeverage, emergencyLeverage, emergency }: Omit<FeeCapParameters, "cap">): number {
  const closeness = emergency ? 1 : closenessToEmergency(leverage, maxLeverage, emergencyLeverage);
  return 1 + (emergencyFeeMultiplier - 1) * closeness;
}

/** No cap: what an emergency delever may pay. */
export const UNCAPPED: Fees = { maxFeePerGas: 2n ** 256n - 1n, maxPriorityFeePerGas: 2n ** 256n - 1n };

/** The caps that apply to this vault now (none in an emergency). */
export function effectiveFeeCap(parameters: FeeCapParameters): Fees {
  if (parameters.emergency) return UNCAPPED;
  const multiple = BigInt(Math.round(capMultiple(parameters) * Number(SCALE)));
  return {
    maxFeePerGas: (parameters.cap.maxFeePerGas * multiple) / SCALE,
    maxPriorityFeePerGas: (parameters.cap.maxPriorityFeePerGas * multiple) / SCALE,
  };
}

export type FeeChoice = { ok: true; fees: Fees; capped: boolean } | { ok: false; reason: "base-fee-above-cap"; baseFee: bigint; cap: bigint };

/**
 * The fees to send with: the network's estimate, clamped to the cap. When the base fee alone is
 * above the cap the transaction could not be included, so the keeper waits (`ok: false`).
 */
export function chooseFees(estimate: Fees, baseFee: bigint, cap: Fees): FeeChoice {
  if (baseFee > cap.maxFeePerGas) return { ok: false, reason: "base-fee-above-cap", baseFee, cap: cap.maxFeePerGas };
  const maxFeePerGas = min(estimate.maxFeePerGas, cap.maxFeePerGas);
  const maxPriorityFeePerGas = min(estimate.maxPriorityFeePerGas, cap.maxPriorityFeePerGas, maxFeePerGas);
  return {
    ok: true,
    fees: { maxFeePerGas, maxPriorityFeePerGas },
    capped: maxFeePerGas < estimate.maxFeePerGas || maxPriorityFeePerGas < estimate.maxPriorityFeePerGas,
  };
}

/**
 * Fees of a replacement: both fields raised by at least `bumpPercent` (nodes refuse a replacement
 * below +10%), and at least the current estimate. Returns undefined when that would exceed the cap.
 */
export function replacementFees(previous: Fees, bumpPercent: number, estimate: Fees, cap: Fees): Fees | undefined {
  const factor = BigInt(Math.round((100 + bumpPercent) * 100));
  const bump = (value: bigint) => (value * factor + 9_999n) / 10_000n; // rounded up
  const maxFeePerGas = max(bump(previous.maxFeePerGas), min(estimate.maxFeePerGas, cap.maxFeePerGas));
  const maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), min(estimate.maxPriorityFeePerGas, cap.maxPriorityFeePerGas));
  if (maxFeePerGas > cap.maxFeePerGas || maxPriorityFeePerGas > cap.maxPriorityFeePerGas) return undefined;
  return { maxFeePerGas, maxPriorityFeePerGas: min(maxPriorityFeePerGas, maxFeePerGas) };
}

/**
 * The network's fee estimate from the base fee of the block read and the node's suggested tip, the
 * way viem's `estimateFeesPerGas` forms it (base fee x 1.2 + tip), without reading the block again.
 */
export function feesFromBaseFee(baseFee: bigint, priorityFee: bigint): Fees {
  return { maxFeePerGas: (baseFee * 12n) / 10n + priorityFee, maxPriorityFeePerGas: priorityFee };
}

/** A fee cap from the config (gwei, possibly fractional) in wei, through viem's `parseGwei`. */
export function gweiToWei(gwei: number): bigint {
  return parseGwei(gwei.toFixed(9));
}

function min(...values: bigint[]): bigint {
  return values.reduce((a, b) => (a < b ? a : b));
}
function max(...values: bigint[]): bigint {
  return values.reduce((a, b) => (a > b ? a : b));
}
