/**
 * `@leveraged-vault/sdk`: typed viem actions for the leveraged ERC-4626 vault. Reads (one RPC call
 * each), histories (read over RPC in bounded chunks), previews, TanStack Query options, transaction
 * builders (raw and wagmi-ready), send helpers, EIP-2612 permits, typed revert errors, event
 * watchers, pure analytics and the backtester (also at `@leveraged-vault/sdk/backtest`).
 */
export { aaveV3VaultFactoryAbi, erc20PermitAbi, leveragedVaultAbi, morphoBlueVaultFactoryAbi, vaultRegistryAbi } from "./abis/index.js";

export { getVaultState, type GetVaultStateParameters, type GetVaultStateReturnType } from "./actions/getVaultState.js";
export { getPosition, type GetPositionParameters, type GetPositionReturnType } from "./actions/getPosition.js";
export { previewDeposit, type PreviewDepositParameters, type PreviewDepositReturnType } from "./actions/previewDeposit.js";
export { previewMint, type PreviewMintParameters, type PreviewMintReturnType } from "./actions/previewMint.js";
export { previewWithdraw, type PreviewWithdrawParameters, type PreviewWithdrawReturnType } from "./actions/previewWithdraw.js";
export { previewRedeem, type PreviewRedeemParameters, type PreviewRedeemReturnType } from "./actions/previewRedeem.js";
export { buildDeposit, type BuildDepositParameters, type BuildDepositReturnType } from "./actions/buildDeposit.js";
export { buildMint, type BuildMintParameters, type BuildMintReturnType } from "./actions/buildMint.js";
export { buildWithdraw, type BuildWithdrawParameters, type BuildWithdrawReturnType } from "./actions/buildWithdraw.js";
export { buildRedeem, type BuildRedeemParameters, type BuildRedeemReturnType } from "./actions/buildRedeem.js";
export { buildApproval, type BuildApprovalParameters, type BuildApprovalReturnType } from "./actions/buildApproval.js";
export { getPermitSupport, type GetPermitSupportParameters, type GetPermitSupportReturnType } from "./actions/getPermitSupport.js";
export { signPermit, type SignPermitParameters, type SignPermitReturnType } from "./actions/signPermit.js";
export { buildPermit, type BuildPermitParameters, type BuildPermitReturnType } from "./actions/buildPermit.js";
export { sendDeposit, type SendDepositParameters, type SendDepositReturnType } from "./actions/sendDeposit.js";
export { sendMint, type SendMintParameters, type SendMintReturnType } from "./actions/sendMint.js";
export { sendWithdraw, type SendWithdrawParameters, type SendWithdrawReturnType } from "./actions/sendWithdraw.js";
export { sendRedeem, type SendRedeemParameters, type SendRedeemReturnType } from "./actions/sendRedeem.js";
export { watchDeposits, type DepositLog, type WatchDepositsParameters, type WatchDepositsReturnType } from "./actions/watchDeposits.js";
export { watchWithdrawals, type WithdrawLog, type WatchWithdrawalsParameters, type WatchWithdrawalsReturnType } from "./actions/watchWithdrawals.js";
export { watchRebalances, type RebalancedLog, type WatchRebalancesParameters, type WatchRebalancesReturnType } from "./actions/watchRebalances.js";
export {
  DEFAULT_VAULTS_PAGE_SIZE,
  getVaults,
  type GetVaultsParameters,
  type GetVaultsReturnType,
  type VaultListing,
} from "./actions/getVaults.js";
export { isVault, type IsVaultParameters } from "./actions/isVault.js";
export { predictVaultAddress, type PredictVaultAddressParameters, type PredictVaultAddressReturnType } from "./actions/predictVaultAddress.js";
export { buildCreateVault, type BuildCreateVaultParameters, type BuildCreateVaultReturnType } from "./actions/buildCreateVault.js";
export {
  type AutomationSpec,
  type CreateVaultArguments,
  type MorphoMarketParams,
  type OwnerSpec,
  type VaultSpec,
} from "./registry/createVaultCall.js";
export { VAULT_KINDS, vaultKindFromBytes32, vaultKindToBytes32, type VaultKind } from "./registry/vaultKinds.js";
export {
  getRebalanceHistory,
  type GetRebalanceHistoryParameters,
  type GetRebalanceHistoryReturnType,
  type RebalanceRecord,
} from "./actions/getRebalanceHistory.js";
export {
  getFlowHistory,
  type FlowLog,
  type FlowRecord,
  type GetFlowHistoryParameters,
  type GetFlowHistoryReturnType,
} from "./actions/getFlowHistory.js";
export {
  DEFAULT_LOGS_CHUNK_SIZE,
  DEFAULT_LOGS_CONCURRENCY,
  getLogsInChunks,
  type ChunkedLogsOptions,
  type GetLogsInChunksParameters,
  type GetLogsInChunksReturnType,
  type LogsChunkProgress,
} from "./history/getLogsInChunks.js";
export { blockRanges, type BlockRange } from "./history/blockRanges.js";
export { createIndexerClient, type CreateIndexerClientParameters, type IndexerClient } from "./indexer/createIndexerClient.js";
export { IndexerRequestError } from "./indexer/IndexerRequestError.js";
export type { AccountPositionBook, NavSnapshot, VaultPerformanceSummary } from "./indexer/indexerReads.js";
export { getNavHistory, navSnapshotAt, type GetNavHistoryParameters } from "./actions/getNavHistory.js";
export { getAccountPositions, type AccountPosition, type GetAccountPositionsParameters } from "./actions/getAccountPositions.js";
export { getVaultsPerformance, lastBlockAtOrBefore, type GetVaultsPerformanceParameters } from "./actions/getVaultsPerformance.js";

export {
  getAccountPositionsQueryOptions,
  getFlowHistoryQueryOptions,
  getNavHistoryQueryOptions,
  getVaultsPerformanceQueryOptions,
  getPositionQueryOptions,
  getRebalanceHistoryQueryOptions,
  getVaultsQueryOptions,
  getVaultStateQueryOptions,
  isVaultQueryOptions,
  leveragedVaultQueryOptions,
  predictVaultAddressQueryOptions,
  previewDepositQueryOptions,
  previewMintQueryOptions,
  previewRedeemQueryOptions,
  previewWithdrawQueryOptions,
} from "./query/queryOptions.js";
export { leveragedVaultQueryKey, leveragedVaultQueryKeyPrefix, type LeveragedVaultQueryKey } from "./query/leveragedVaultQueryKey.js";
export type { LeveragedVaultQueryOptions } from "./query/types.js";

export { formatLeverage, type FormatLeverageOptions } from "./format/formatLeverage.js";
export { formatPrice, type FormatPriceOptions } from "./format/formatPrice.js";

export { leveragedVaultActions, type LeveragedVaultActions } from "./decorators/leveragedVaultActions.js";
export { leveragedVaultWalletActions, type LeveragedVaultWalletActions } from "./decorators/leveragedVaultWalletActions.js";

export { LeveragedVaultError, type LeveragedVaultErrorOptions } from "./errors/LeveragedVaultError.js";
export * from "./errors/vaultErrors.js";
export { decodeVaultError } from "./errors/decodeVaultError.js";
export { PermitNotSupportedError } from "./errors/PermitNotSupportedError.js";

export * from "./analytics/index.js";
export * from "./backtest/index.js";

export {
  RebalanceAction,
  type ContractCall,
  type OracleParameters,
  type PositionState,
  type RebalanceActionValue,
  type RebalanceStatus,
  type RiskParameters,
  type VaultTransaction,
} from "./types.js";
export { BPS, DEFAULT_DEADLINE_SECONDS, DEFAULT_SLIPPAGE_BPS, PRICE_SCALE, WAD } from "./utils/constants.js";
export { deadlineFromLatestBlock } from "./utils/deadline.js";
export { priceAtLeverage } from "./utils/priceAtLeverage.js";
export { lowerBySlippage, raiseBySlippage } from "./utils/slippage.js";
export { vaultPositionLensAbi, vaultPositionLensBytecode } from "./lens/vaultPositionLens.js";
