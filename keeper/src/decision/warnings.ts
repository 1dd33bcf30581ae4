/** Conditions an operator should hear about, decided from plain numbers. */

export interface PriceWarningParameters {
  /** `positionState().priceHealthy`. */
  priceHealthy: boolean;
  /** Oldest feed `updatedAt` of the vault, undefined when a feed could not be read. */
  oldestFeedUpdatedAt: bigint | undefined;
  blockTimestamp: bigint;
  stalePriceSeconds: number;
}

export type PriceWarning = { kind: "price-unhealthy" } | { kind: "price-stale"; ageSeconds: bigint } | { kind: "feed-unreadable" };

/** Warnings about a vault's price: the vault calls it unhealthy, or a feed is older than the threshold. */
export function priceWarnings({ priceHealthy, oldestFeedUpdatedAt, blockTimestamp, stalePriceSeconds }: PriceWarningParameters): PriceWarning[] {
  const warnings: PriceWarning[] = [];
  if (!priceHealthy) warnings.push({ kind: "price-unhealthy" });
  if (oldestFeedUpdatedAt === undefined) warnings.push({ kind: "feed-unreadable" });
  else {
    const ageSeconds = blockTimestamp > oldestFeedUpdatedAt ? blockTimestamp - oldestFeedUpdatedAt : 0n;
    if (ageSeconds > BigInt(Math.floor(stalePriceSeconds))) warnings.push({ kind: "price-stale", ageSeconds });
  }
  return warnings;
}

/** Whether the signer's balance is below the operator's threshold. */
export function isBalanceLow(balanceWei: bigint, lowBalanceWei: bigint): boolean {
  return balanceWei < lowBalanceWei;
}
