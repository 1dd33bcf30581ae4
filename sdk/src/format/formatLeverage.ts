import { WAD } from "../utils/constants.js";
import { formatDecimal } from "./formatDecimal.js";

/** Options of {@link formatLeverage}. */
export interface FormatLeverageOptions {
  /** Digits after the decimal point. Default 2. */
  fractionDigits?: number | undefined;
}

/**
 * A WAD leverage (`2000000000000000000n` is 2x) as text with an `x`, rounded half up:
 * `formatLeverage(2_004_900_000_000_000_000n)` is `"2.00x"`.
 *
 * @example
 * ```ts
 * import { formatLeverage } from "@leveraged-vault/sdk";
 *
 * const state = await getVaultState(publicClient, { vault });
 * console.log(`leverage ${formatLeverage(state.positionState.leverage)}`); // "leverage 2.00x"
 * console.log(formatLeverage(state.riskParameters.maxLeverage, { fractionDigits: 1 })); // "2.2x"
 * ```
 */
export function formatLeverage(leverage: bigint, options: FormatLeverageOptions = {}): string {
  return `${formatDecimal(leverage, WAD, options.fractionDigits ?? 2)}x`;
}
