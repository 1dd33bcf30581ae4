import type { Chain, Client, Transport } from "viem";

import { previewDeposit, type PreviewDepositParameters, type PreviewDepositReturnType } from "../actions/previewDeposit.js";
import { leveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";
import type { LeveragedVaultQueryOptions } from "./types.js";

/**
 * TanStack Query options for {@link previewDeposit}: the shares a deposit mints at least (a live preview as the user types).
 * The key is `["leveraged-vault", "previewDeposit", { chainId, ...parameters }]`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { usePublicClient } from "wagmi";
 * import { previewDepositQueryOptions } from "@leveraged-vault/sdk";
 *
 * const client = usePublicClient();
 * const { data } = useQuery({ ...previewDepositQueryOptions(client!, { vault, assets }), enabled: Boolean(client) });
 * ```
 */
export function previewDepositQueryOptions(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewDepositParameters,
): LeveragedVaultQueryOptions<PreviewDepositReturnType, "previewDeposit"> {
  return {
    queryKey: leveragedVaultQueryKey(client, "previewDeposit", parameters),
    queryFn: () => previewDeposit(client, parameters),
  };
}
