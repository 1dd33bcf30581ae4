import type { Chain, Client, Transport } from "viem";

import { previewWithdraw, type PreviewWithdrawParameters, type PreviewWithdrawReturnType } from "../actions/previewWithdraw.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link previewWithdraw}: the shares a withdrawal burns at most.
 * The key is `["leveraged-vault", "previewWithdraw", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { previewWithdrawQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...previewWithdrawQueryOptions(client!, { vault, assets }), enabled: Boolean(client) });
 * ```
 */
export function previewWithdrawQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewWithdrawParameters,
): LeveragedVaultQueryOptions<PreviewWithdrawReturnType, "previewWithdraw"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "previewWithdraw", parameters),
    queryFn: () => previewWithdraw(client, parameters),
  };
}
