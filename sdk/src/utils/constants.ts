/** 1e18: leverages are WAD (2e18 = 2x). */
export const WAD = 10n ** 18n;

/** 1e36: vault prices are one raw collateral unit in raw debt units, scaled by 1e36. */
export const PRICE_SCALE = 10n ** 36n;

/** 10,000 basis points make 100%. */
export const BPS = 10_000n;

/** Slippage tolerance the transaction builders apply to a preview unless told otherwise (0.5%). */
export const DEFAULT_SLIPPAGE_BPS = 50;

/** Seconds after the latest block's timestamp that a built transaction stays valid unless told otherwise. */
export const DEFAULT_DEADLINE_SECONDS = 20 * 60;
