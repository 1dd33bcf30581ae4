import type { Chain, Client, Transport } from "viem";

import { getPosition, type GetPositionParameters, type GetPositionReturnType } from "../actions/getPosition.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link getPosition}: a holder's position with its trigger and liquidation prices, one `eth_call`.
 * The key is `["leveraged-vault", "getPosition", { chainId, ...parameters }]`.
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
export function getPositionQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: GetPositionParameters,
): LeveragedVaultQueryOptions<GetPositionReturnType, "getPosition"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "getPosition", parameters),
    queryFn: () => getPosition(client, parameters),
  };
}
