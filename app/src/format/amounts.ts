import { formatUnits } from "viem";

/** A raw token amount as a short decimal for display (at most `digits` decimals, thousands grouped). */
export function formatAmount(raw: bigint, decimals: number, digits = 4): string {
  const value = Number(formatUnits(raw, decimals));
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: Math.min(2, digits) });
}

/** A decimal string typed by the user as a raw amount, or `undefined` when it is empty or not a number. */
export function parseAmount(text: string, decimals: number): bigint | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const [whole, fraction = ""] = trimmed.split(".");
  if (fraction.length > decimals) return undefined;
  return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** `0x1234…abcd`. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
