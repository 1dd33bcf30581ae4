export { leverageAfterPriceMove } from "./leverageAfterPriceMove.js";
export { pathDecay, type PathDecayParameters, type PathDecayReturnType } from "./pathDecay.js";
export {
  priceRatioForLeverage,
  rebalanceTriggerRatios,
  type RebalanceTriggerRatiosParameters,
  type RebalanceTriggerRatiosReturnType,
} from "./rebalanceTriggerRatios.js";
export { volatilityDecay, type VolatilityDecayParameters, type VolatilityDecayReturnType } from "./volatilityDecay.js";
export {
  performanceFigures,
  vaultPerformance,
  type VaultNavPoint,
  type VaultPerformanceParameters,
  type VaultPerformanceReturnType,
  type VaultReturn,
} from "./vaultPerformance.js";
export {
  deposited,
  EMPTY_POSITION,
  positionBooksFromFlows,
  sharesBurnt,
  sharesMinted,
  transferred,
  unrealisedPnl,
  withdrew,
  type PositionBook,
} from "./positionBook.js";
