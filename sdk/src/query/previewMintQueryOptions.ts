import type { Chain, Client, Transport } from "viem";

import { previewMint, type PreviewMintParameters, type PreviewMintReturnType } from "../actions/previewMint.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link previewMint}: the assets a mint pulls at most.
 * The key is `["leveraged-vault", "previewMint", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { previewMintQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...previewMintQueryOptions(client!, { vault, shares }), enabled: Boolean(client) });
 * ```
 */
export function previewMintQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewMintParameters,
): LeveragedVaultQueryOptions<PreviewMintReturnType, "previewMint"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "previewMint", parameters),
    queryFn: () => previewMint(client, parameters),
  };
}
