import { keccak256, type Chain, type Client, type Transport } from "viem";

import { buildCreateVault } from "../actions/buildCreateVault.js";
import { getAccountPositions, type GetAccountPositionsParameters } from "../actions/getAccountPositions.js";
import { getFlowHistory } from "../actions/getFlowHistory.js";
import { getNavHistory } from "../actions/getNavHistory.js";
import { getPosition } from "../actions/getPosition.js";
import { getRebalanceHistory } from "../actions/getRebalanceHistory.js";
import { getVaults, type GetVaultsParameters } from "../actions/getVaults.js";
import { getVaultState } from "../actions/getVaultState.js";
import { getVaultsPerformance, type GetVaultsPerformanceParameters } from "../actions/getVaultsPerformance.js";
import { isVault } from "../actions/isVault.js";
import { predictVaultAddress, type PredictVaultAddressParameters } from "../actions/predictVaultAddress.js";
import { previewDeposit } from "../actions/previewDeposit.js";
import { previewMint } from "../actions/previewMint.js";
import { previewRedeem } from "../actions/previewRedeem.js";
import { previewWithdraw } from "../actions/previewWithdraw.js";
import type { ChunkedLogsOptions } from "../history/getLogsInChunks.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

type AnyClient = Client<Transport, Chain | undefined>;

/**
 * Makes the TanStack Query options function of one SDK read: `(client, parameters) => { queryKey,
 * queryFn }`, the key `["leveraged-vault", action, { chainId, ...key(parameters) }]`. Every
 * `*QueryOptions` below is one line of this.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { getPositionQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...getPositionQueryOptions(client!, { vault, user: address }), enabled: Boolean(client) });
 * ```
 */
export function leveragedVaultQueryOptions<action extends string, parameters extends object, data>(
  action: action,
  read: (client: AnyClient, parameters: parameters) => Promise<data>,
  key: (parameters: parameters) => object = (parameters) => parameters,
): (client: AnyClient, parameters: parameters) => LeveragedVaultQueryOptions<data, action> {
  return (client, parameters) => ({
    queryKey: leveragedVaultQueryKey(client, action, key(parameters)),
    queryFn: () => read(client, parameters),
  });
}

/** Query options for {@link getVaultState}: every number a dApp shows about a vault, one `eth_call`. */
export const getVaultStateQueryOptions = leveragedVaultQueryOptions("getVaultState", getVaultState);
/** Query options for {@link getPosition}: a holder's position with its trigger and liquidation prices, one `eth_call`. */
export const getPositionQueryOptions = leveragedVaultQueryOptions("getPosition", getPosition);
/** Query options for {@link previewDeposit}: the shares a deposit mints at least (a live preview as the user types). */
export const previewDepositQueryOptions = leveragedVaultQueryOptions("previewDeposit", previewDeposit);
/** Query options for {@link previewMint}: the assets a mint pulls at most. */
export const previewMintQueryOptions = leveragedVaultQueryOptions("previewMint", previewMint);
/** Query options for {@link previewWithdraw}: the shares a withdrawal burns at most. */
export const previewWithdrawQueryOptions = leveragedVaultQueryOptions("previewWithdraw", previewWithdraw);
/** Query options for {@link previewRedeem}: the assets a redemption pays at least. */
export const previewRedeemQueryOptions = leveragedVaultQueryOptions("previewRedeem", previewRedeem);
/**
 * The key of a history read: the vault and its blocks, `toBlock` `"latest"` keyed as omitted (they
 * read the same). How the range is read (`chunkSize`, `concurrency`) does not change the result and
 * `onProgress` is a function, so neither is in the key.
 */
function historyQueryKey({ vault, fromBlock, toBlock, indexer }: ChunkedLogsOptions & { vault: string; indexer?: IndexerClient | undefined }) {
  return { vault, fromBlock, toBlock: toBlock === "latest" ? undefined : toBlock, indexer: indexer?.url };
}

/** The vaults of a multi-vault read, as one key part: their addresses in order, comma-separated. */
const vaultsKey = (vaults: readonly { vault: string }[]) => vaults.map((entry) => entry.vault).join(",");

/** Query options for {@link getNavHistory}: NAV and leverage snapshots, from the indexer (keyed by its URL) or over RPC. */
export const getNavHistoryQueryOptions = leveragedVaultQueryOptions("getNavHistory", getNavHistory, historyQueryKey);
/** Query options for {@link getAccountPositions}: the account's books and values, keyed by account, vaults, block and source. */
export const getAccountPositionsQueryOptions = leveragedVaultQueryOptions("getAccountPositions", getAccountPositions, ({ account, vaults, blockNumber, indexer }: GetAccountPositionsParameters) => ({
  account,
  vaults: vaultsKey(vaults),
  blockNumber,
  indexer: indexer?.url,
}));
/** Query options for {@link getVaultsPerformance}: a vault list's returns and leverage, keyed by vaults, block and source. */
export const getVaultsPerformanceQueryOptions = leveragedVaultQueryOptions("getVaultsPerformance", getVaultsPerformance, ({ vaults, blockNumber, indexer }: GetVaultsPerformanceParameters) => ({
  vaults: vaultsKey(vaults),
  blockNumber,
  indexer: indexer?.url,
}));

/** Query options for {@link getRebalanceHistory}: the vault's `Rebalanced` events, oldest first, keyed by vault and blocks. */
export const getRebalanceHistoryQueryOptions = leveragedVaultQueryOptions("getRebalanceHistory", getRebalanceHistory, historyQueryKey);
/** Query options for {@link getFlowHistory}: the vault's deposits, withdrawals and share transfers, oldest first, keyed by vault and blocks. */
export const getFlowHistoryQueryOptions = leveragedVaultQueryOptions("getFlowHistory", getFlowHistory, historyQueryKey);
/** Query options for {@link getVaults}: one page of the registry's vaults, keyed by registry, page and filters. */
export const getVaultsQueryOptions = leveragedVaultQueryOptions("getVaults", getVaults, ({ indexer, ...parameters }: GetVaultsParameters) => ({ ...parameters, indexer: indexer?.url }));
/** Query options for {@link isVault}: whether an address is a listed vault. */
export const isVaultQueryOptions = leveragedVaultQueryOptions("isVault", isVault);
/**
 * Query options for {@link predictVaultAddress}. The creation arguments are nested structs, so the
 * key holds the factory, the kind and the keccak256 of the `createVault` calldata they encode to.
 */
export const predictVaultAddressQueryOptions = leveragedVaultQueryOptions(
  "predictVaultAddress",
  predictVaultAddress,
  (parameters: PredictVaultAddressParameters) => ({
    factory: parameters.factory,
    kind: parameters.kind,
    creation: keccak256(buildCreateVault(parameters).data),
    blockNumber: parameters.blockNumber,
  }),
);
