import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** Parameters of {@link previewDeposit}. */
export interface PreviewDepositParameters {
  /** The vault's address. */
  vault: Address;
  /** Raw asset amount. */
  assets: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/** Raw share amount. */
export type PreviewDepositReturnType = bigint;

/**
 * Shares a deposit of `assets` mints at least: the vault assumes the swap costs its full slippage bound, so the real deposit mints this or more.
 * Calls the vault's own ERC-4626 `previewDeposit`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { previewDeposit } from "@leveraged-vault/sdk";
 *
 * const shares = await previewDeposit(publicClient, { vault, assets: parseEther("1") });
 * ```
 */
export async function previewDeposit(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewDepositParameters,
): Promise<PreviewDepositReturnType> {
  const { vault, assets, blockNumber } = parameters;
  return readContract(client, {
    address: vault,
    abi: leveragedVaultAbi,
    functionName: "previewDeposit",
    args: [assets],
    blockNumber,
  });
}
