import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** Parameters of {@link previewMint}. */
export interface PreviewMintParameters {
  /** The vault's address. */
  vault: Address;
  /** Raw share amount. */
  shares: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/** Raw asset amount. */
export type PreviewMintReturnType = bigint;

/**
 * Assets a mint of `shares` pulls at most (the vault assumes the full slippage bound; the real mint pulls this or less).
 * Calls the vault's own ERC-4626 `previewMint`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { previewMint } from "@leveraged-vault/sdk";
 *
 * const assets = await previewMint(publicClient, { vault, shares: 10n ** 24n });
 * ```
 */
export async function previewMint(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewMintParameters,
): Promise<PreviewMintReturnType> {
  const { vault, shares, blockNumber } = parameters;
  return readContract(client, {
    address: vault,
    abi: leveragedVaultAbi,
    functionName: "previewMint",
    args: [shares],
    blockNumber,
  });
}
