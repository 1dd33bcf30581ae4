import type { Chain, Client, Transport } from "viem";

import { getVaultState, type GetVaultStateParameters, type GetVaultStateReturnType } from "../actions/getVaultState.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link getVaultState}: every number a dApp shows about a vault, one `eth_call`.
 * The key is `["leveraged-vault", "getVaultState", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { getVaultStateQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...getVaultStateQueryOptions(client!, { vault }), enabled: Boolean(client) });
 * ```
 */
export function getVaultStateQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: GetVaultStateParameters,
): LeveragedVaultQueryOptions<GetVaultStateReturnType, "getVaultState"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "getVaultState", parameters),
    queryFn: () => getVaultState(client, parameters),
  };
}
