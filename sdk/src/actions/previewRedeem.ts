import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** Parameters of {@link previewRedeem}. */
export interface PreviewRedeemParameters {
  /** The vault's address. */
  vault: Address;
  /** Raw share amount. */
  shares: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/** Raw asset amount. */
export type PreviewRedeemReturnType = bigint;

/**
 * Assets a redemption of `shares` pays at least (full slippage bound assumed; the real redemption pays this or more).
 * Calls the vault's own ERC-4626 `previewRedeem`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { previewRedeem } from "@leveraged-vault/sdk";
 *
 * const assets = await previewRedeem(publicClient, { vault, shares });
 * ```
 */
export async function previewRedeem(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewRedeemParameters,
): Promise<PreviewRedeemReturnType> {
  const { vault, shares, blockNumber } = parameters;
  return readContract(client, {
    address: vault,
    abi: leveragedVaultAbi,
    functionName: "previewRedeem",
    args: [shares],
    blockNumber,
  });
}
