/**
 * `numerator / denominator` as a decimal string with exactly `fractionDigits` digits after the point,
 * rounded half away from zero, computed in bigint so no precision is lost on 1e36-scaled values.
 */
export function formatDecimal(numerator: bigint, denominator: bigint, fractionDigits: number): string {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0 || fractionDigits > 36) {
    throw new RangeError(`fractionDigits must be an integer from 0 to 36 (got ${fractionDigits})`);
  }
  if (denominator === 0n) throw new RangeError("cannot format a ratio whose denominator is 0");
  const negative = numerator < 0n !== denominator < 0n && numerator !== 0n;
  const absoluteNumerator = numerator < 0n ? -numerator : numerator;
  const absoluteDenominator = denominator < 0n ? -denominator : denominator;
  const scale = 10n ** BigInt(fractionDigits);
  const scaled = (absoluteNumerator * scale * 2n + absoluteDenominator) / (absoluteDenominator * 2n);
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(fractionDigits, "0");
  const sign = negative && scaled !== 0n ? "-" : "";
  return fractionDigits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}
