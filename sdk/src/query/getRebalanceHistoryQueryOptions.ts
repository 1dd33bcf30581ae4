import type { Chain, Client, Transport } from "viem";

import { getRebalanceHistory, type GetRebalanceHistoryParameters, type GetRebalanceHistoryReturnType } from "../actions/getRebalanceHistory.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link getRebalanceHistory}: the vault's `Rebalanced` events, oldest first.
 * The key is `["leveraged-vault", "getRebalanceHistory", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { getRebalanceHistoryQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...getRebalanceHistoryQueryOptions(client!, { vault, fromBlock: 0n }), enabled: Boolean(client) });
 * ```
 */
export function getRebalanceHistoryQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: GetRebalanceHistoryParameters,
): LeveragedVaultQueryOptions<GetRebalanceHistoryReturnType, "getRebalanceHistory"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "getRebalanceHistory", parameters),
    queryFn: () => getRebalanceHistory(client, parameters),
  };
}
