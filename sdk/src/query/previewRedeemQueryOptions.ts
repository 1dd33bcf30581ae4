import type { Chain, Client, Transport } from "viem";

import { previewRedeem, type PreviewRedeemParameters, type PreviewRedeemReturnType } from "../actions/previewRedeem.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link previewRedeem}: the assets a redemption pays at least.
 * The key is `["leveraged-vault", "previewRedeem", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { previewRedeemQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...previewRedeemQueryOptions(client!, { vault, shares }), enabled: Boolean(client) });
 * ```
 */
export function previewRedeemQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewRedeemParameters,
): LeveragedVaultQueryOptions<PreviewRedeemReturnType, "previewRedeem"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "previewRedeem", parameters),
    queryFn: () => previewRedeem(client, parameters),
  };
}
