import type { Chain, Client, Transport } from "viem";

import { buildApproval, type BuildApprovalParameters, type BuildApprovalReturnType } from "../actions/buildApproval.js";
import { buildDeposit, type BuildDepositParameters, type BuildDepositReturnType } from "../actions/buildDeposit.js";
import { buildMint, type BuildMintParameters, type BuildMintReturnType } from "../actions/buildMint.js";
import { buildRedeem, type BuildRedeemParameters, type BuildRedeemReturnType } from "../actions/buildRedeem.js";
import { buildWithdraw, type BuildWithdrawParameters, type BuildWithdrawReturnType } from "../actions/buildWithdraw.js";
import { getFlowHistory, type GetFlowHistoryParameters, type GetFlowHistoryReturnType } from "../actions/getFlowHistory.js";
import { getPermitSupport, type GetPermitSupportParameters, type GetPermitSupportReturnType } from "../actions/getPermitSupport.js";
import { getPosition, type GetPositionParameters, type GetPositionReturnType } from "../actions/getPosition.js";
import { getRebalanceHistory, type GetRebalanceHistoryParameters, type GetRebalanceHistoryReturnType } from "../actions/getRebalanceHistory.js";
import { getVaultState, type GetVaultStateParameters, type GetVaultStateReturnType } from "../actions/getVaultState.js";
import { previewDeposit, type PreviewDepositParameters, type PreviewDepositReturnType } from "../actions/previewDeposit.js";
import { previewMint, type PreviewMintParameters, type PreviewMintReturnType } from "../actions/previewMint.js";
import { previewRedeem, type PreviewRedeemParameters, type PreviewRedeemReturnType } from "../actions/previewRedeem.js";
import { previewWithdraw, type PreviewWithdrawParameters, type PreviewWithdrawReturnType } from "../actions/previewWithdraw.js";
import { watchDeposits, type WatchDepositsParameters, type WatchDepositsReturnType } from "../actions/watchDeposits.js";
import { watchRebalances, type WatchRebalancesParameters, type WatchRebalancesReturnType } from "../actions/watchRebalances.js";
import { watchWithdrawals, type WatchWithdrawalsParameters, type WatchWithdrawalsReturnType } from "../actions/watchWithdrawals.js";

/** The read, preview, build and watch actions `leveragedVaultActions` adds to a client. */
export type LeveragedVaultActions = {
  /** See {@link getVaultState}. */
  getVaultState: (parameters: GetVaultStateParameters) => Promise<GetVaultStateReturnType>;
  /** See {@link getPosition}. */
  getPosition: (parameters: GetPositionParameters) => Promise<GetPositionReturnType>;
  /** See {@link previewDeposit}. */
  previewDeposit: (parameters: PreviewDepositParameters) => Promise<PreviewDepositReturnType>;
  /** See {@link previewMint}. */
  previewMint: (parameters: PreviewMintParameters) => Promise<PreviewMintReturnType>;
  /** See {@link previewWithdraw}. */
  previewWithdraw: (parameters: PreviewWithdrawParameters) => Promise<PreviewWithdrawReturnType>;
  /** See {@link previewRedeem}. */
  previewRedeem: (parameters: PreviewRedeemParameters) => Promise<PreviewRedeemReturnType>;
  /** See {@link buildDeposit}. */
  buildDeposit: (parameters: BuildDepositParameters) => Promise<BuildDepositReturnType>;
  /** See {@link buildMint}. */
  buildMint: (parameters: BuildMintParameters) => Promise<BuildMintReturnType>;
  /** See {@link buildWithdraw}. */
  buildWithdraw: (parameters: BuildWithdrawParameters) => Promise<BuildWithdrawReturnType>;
  /** See {@link buildRedeem}. */
  buildRedeem: (parameters: BuildRedeemParameters) => Promise<BuildRedeemReturnType>;
  /** See {@link buildApproval}. */
  buildApproval: (parameters: BuildApprovalParameters) => Promise<BuildApprovalReturnType>;
  /** See {@link getPermitSupport}. */
  getPermitSupport: (parameters: GetPermitSupportParameters) => Promise<GetPermitSupportReturnType>;
  /** See {@link getRebalanceHistory}. */
  getRebalanceHistory: (parameters: GetRebalanceHistoryParameters) => Promise<GetRebalanceHistoryReturnType>;
  /** See {@link getFlowHistory}. */
  getFlowHistory: (parameters: GetFlowHistoryParameters) => Promise<GetFlowHistoryReturnType>;
  /** See {@link watchDeposits}. */
  watchDeposits: (parameters: WatchDepositsParameters) => WatchDepositsReturnType;
  /** See {@link watchWithdrawals}. */
  watchWithdrawals: (parameters: WatchWithdrawalsParameters) => WatchWithdrawalsReturnType;
  /** See {@link watchRebalances}. */
  watchRebalances: (parameters: WatchRebalancesParameters) => WatchRebalancesReturnType;
};

/**
 * Adds the vault's reads, previews, transaction builders and event watchers to a viem client.
 *
 * @example
 * ```ts
 * import { createPublicClient, http } from "viem";
 * import { hardhat } from "viem/chains";
 * import { leveragedVaultActions } from "@leveraged-vault/sdk";
 *
 * const client = createPublicClient({ chain: hardhat, transport: http() }).extend(leveragedVaultActions);
 * const state = await client.getVaultState({ vault });
 * ```
 */
export function leveragedVaultActions<transport extends Transport, chain extends Chain | undefined>(
  client: Client<transport, chain>,
): LeveragedVaultActions {
  return {
    getVaultState: (parameters) => getVaultState(client, parameters),
    getPosition: (parameters) => getPosition(client, parameters),
    previewDeposit: (parameters) => previewDeposit(client, parameters),
    previewMint: (parameters) => previewMint(client, parameters),
    previewWithdraw: (parameters) => previewWithdraw(client, parameters),
    previewRedeem: (parameters) => previewRedeem(client, parameters),
    buildDeposit: (parameters) => buildDeposit(client, parameters),
    buildMint: (parameters) => buildMint(client, parameters),
    buildWithdraw: (parameters) => buildWithdraw(client, parameters),
    buildRedeem: (parameters) => buildRedeem(client, parameters),
    buildApproval: (parameters) => buildApproval(client, parameters),
    getPermitSupport: (parameters) => getPermitSupport(client, parameters),
    getRebalanceHistory: (parameters) => getRebalanceHistory(client, parameters),
    getFlowHistory: (parameters) => getFlowHistory(client, parameters),
    watchDeposits: (parameters) => watchDeposits(client, parameters),
    watchWithdrawals: (parameters) => watchWithdrawals(client, parameters),
    watchRebalances: (parameters) => watchRebalances(client, parameters),
  };
}
