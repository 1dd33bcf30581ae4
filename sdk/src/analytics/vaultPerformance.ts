import { pathDecay } from "./pathDecay.js";

/** One observation of a vault: its NAV per share and the collateral's price at a moment. */
export interface VaultNavPoint {
  /** Unix seconds. */
  timestamp: bigint | number;
  /** Assets per whole share (`convertToAssets(10 ** decimals)`), in the asset's raw units. */
  navPerShare: bigint | number;
  /** The collateral's price in debt units (`positionState().price`); only its ratios matter. */
  price: bigint | number;
}

/** Parameters of {@link vaultPerformance}. */
export interface VaultPerformanceParameters {
  /** The vault's observations, oldest first (e.g. the indexer's snapshots). */
  points: readonly VaultNavPoint[];
  /** The vault's target leverage, e.g. 2: the leverage of the ideal position it is compared with. */
  targetLeverage: number;
  /** The moment the figures are for (Unix seconds; default the last point's). */
  now?: bigint | number | undefined;
}

/** A vault's return over the last `seconds`, or null when its observations do not reach back that far. */
export interface VaultReturn {
  seconds: number;
  /** NAV per share now / NAV per share at the window's start − 1 (in the asset's units). */
  value: number | null;
  /** When the window's start observation was taken (the last at or before `now − seconds`). */
  since: number | null;
}

/** What {@link vaultPerformance} returns. */
export interface VaultPerformanceReturnType {
  now: number;
  /** Returns over 24 hours, 7 days and 30 days. */
  returns: { "24h": VaultReturn; "7d": VaultReturn; "30d": VaultReturn };
  /**
   * Over the 30-day window (or all the observations when there are fewer days): the collateral's
   * realised volatility, annualised (`√(Σ ln²(Pᵢ/Pᵢ₋₁) / years)`), the vault's NAV multiple, the
   * multiple of the ideal continuously rebalanced position at the target leverage on the same price
   * path (`pathDecay`'s closed form, in the asset's units: `(P_T/P_0)^(L−1)·e^(−(L²−L)·σ²T/2)`), and
   * the gap `vault / ideal − 1`. Null with fewer than two observations in the window.
   */
  window: {
    since: number;
    realisedVolatility: number | null;
    vaultMultiple: number | null;
    idealMultiple: number | null;
    gapToIdeal: number | null;
  };
}

const DAY = 86_400;
const YEAR = 365 * DAY;
const WINDOWS = { "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY } as const;

/**
 * A vault's 24-hour, 7-day and 30-day returns, and over the last 30 days its realised volatility and
 * its gap to the ideal continuously rebalanced position, from a series of NAV observations. The
 * indexer stores these for every vault; a dApp without an indexer can run it on snapshots it read.
 *
 * @example
 * ```ts
 * import { vaultPerformance } from "@leveraged-vault/sdk";
 *
 * const { returns, window } = vaultPerformance({ points: snapshots, targetLeverage: 2 });
 * console.log(returns["7d"].value, window.gapToIdeal);
 * ```
 */
export function vaultPerformance(parameters: VaultPerformanceParameters): VaultPerformanceReturnType {
  const { targetLeverage } = parameters;
  if (!(targetLeverage >= 1)) throw new RangeError(`targetLeverage must be at least 1 (got ${targetLeverage})`);
  const points = parameters.points.map((point) => ({ timestamp: Number(point.timestamp), navPerShare: Number(point.navPerShare), price: Number(point.price) }));
  if (points.length === 0) throw new RangeError("points must hold at least one observation");
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    if (!(point.navPerShare >= 0) || !(point.price > 0)) throw new RangeError(`points[${i}] needs navPerShare ≥ 0 and price > 0 (got ${point.navPerShare}, ${point.price})`);
    if (i > 0 && point.timestamp < points[i - 1]!.timestamp) throw new RangeError(`points must be oldest first (points[${i}] at ${point.timestamp} precedes ${points[i - 1]!.timestamp})`);
  }
  const now = parameters.now === undefined ? points[points.length - 1]!.timestamp : Number(parameters.now);
  const upToNow = points.filter((point) => point.timestamp <= now);
  if (upToNow.length === 0) throw new RangeError(`no observation at or before now (${now})`);
  const latest = upToNow[upToNow.length - 1]!;

  const startOf = (seconds: number) => {
    let start: (typeof points)[number] | undefined;
    for (const point of upToNow) if (point.timestamp <= now - seconds) start = point;
    return start;
  };
  const returnOver = (seconds: number): VaultReturn => {
    const start = startOf(seconds);
    return start && start.navPerShare > 0
      ? { seconds, value: latest.navPerShare / start.navPerShare - 1, since: start.timestamp }
      : { seconds, value: null, since: null };
  };

  const windowStart = startOf(WINDOWS["30d"]) ?? upToNow[0]!;
  const path = upToNow.filter((point) => point.timestamp >= windowStart.timestamp);
  const years = (latest.timestamp - windowStart.timestamp) / YEAR;
  let window: VaultPerformanceReturnType["window"] = { since: windowStart.timestamp, realisedVolatility: null, vaultMultiple: null, idealMultiple: null, gapToIdeal: null };
  if (path.length >= 2 && windowStart.navPerShare > 0) {
    const prices = path.map((point) => point.price);
    const decay = pathDecay({ leverage: targetLeverage, prices });
    const priceRatio = prices[prices.length - 1]! / prices[0]!;
    const idealMultiple = decay.closedFormValueRatio / priceRatio;
    const vaultMultiple = latest.navPerShare / windowStart.navPerShare;
    window = {
      since: windowStart.timestamp,
      realisedVolatility: years > 0 ? Math.sqrt(decay.realisedVariance / years) : null,
      vaultMultiple,
      idealMultiple,
      gapToIdeal: vaultMultiple / idealMultiple - 1,
    };
  }
  return { now, returns: { "24h": returnOver(WINDOWS["24h"]), "7d": returnOver(WINDOWS["7d"]), "30d": returnOver(WINDOWS["30d"]) }, window };
}

/** The figures a vault list and the indexer's `vault_metrics` keep from {@link vaultPerformance}. */
export function performanceFigures({ returns, window }: VaultPerformanceReturnType) {
  return {
    return24h: returns["24h"].value,
    return7d: returns["7d"].value,
    return30d: returns["30d"].value,
    realisedVolatility: window.realisedVolatility,
    gapToIdeal: window.gapToIdeal,
  };
}
