/** How the preflight writes its numbers: token amounts, leverages, percentages, durations. */
import { formatUnits } from "ethers";

const WAD = 10n ** 18n;

/** A decimal string with thousands separators and at most `digits` decimals (trailing zeros dropped). */
export function groupDigits(value: string, digits = 4): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  const rounded = roundFraction(whole, fraction, digits);
  const grouped = rounded.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${rounded.fraction ? `.${rounded.fraction}` : ""}`;
}

function roundFraction(whole: string, fraction: string, digits: number): { whole: string; fraction: string } {
  if (fraction.length <= digits) return { whole, fraction: fraction.replace(/0+$/, "") };
  const scaled = BigInt(whole + fraction.slice(0, digits)) + (Number(fraction[digits]) >= 5 ? 1n : 0n);
  const text = scaled.toString().padStart(digits + 1, "0");
  return { whole: text.slice(0, text.length - digits), fraction: digits ? text.slice(text.length - digits).replace(/0+$/, "") : "" };
}

/** `raw` units of a token with `decimals`, e.g. "2.5 WETH". */
export function formatAmount(raw: bigint, decimals: number, symbol: string, digits = 4): string {
  return `${groupDigits(formatUnits(raw, decimals), digits)} ${symbol}`;
}

/** A WAD leverage, e.g. "2.03x". */
export function formatLeverage(wad: bigint): string {
  if (wad > 10n ** 30n) return "unbounded";
  return `${groupDigits(formatUnits(wad, 18), 2)}x`;
}

/** A WAD fraction as a percentage, e.g. "86%". */
export function formatWadPercent(wad: bigint, digits = 2): string {
  return `${groupDigits(formatUnits(wad * 100n, 18), digits)}%`;
}

/** `part / whole` as a percentage (whole 0: "n/a"). */
export function formatRatio(part: bigint, whole: bigint, digits = 1): string {
  if (whole === 0n) return "n/a";
  return formatWadPercent((part * WAD) / whole, digits);
}

/** Seconds as "1,234 s". */
export function formatSeconds(seconds: number): string {
  return `${groupDigits(String(Math.round(seconds)), 0)} s`;
}

/** Basis points as "12.3 bps". */
export function formatBps(bps: number): string {
  return `${groupDigits(bps.toFixed(1), 1)} bps`;
}

/** A price in the vault's 1e36 scale, as whole debt tokens per whole collateral token. */
export function formatVaultPrice(price: bigint, collateralDecimals: number, debtDecimals: number): string {
  // price / 1e36 raw debt per raw collateral; times 10^(collateralDecimals - debtDecimals) per whole token.
  const perWhole = (price * 10n ** BigInt(collateralDecimals)) / 10n ** BigInt(debtDecimals);
  return groupDigits(formatUnits(perWhole, 36), 6);
}
