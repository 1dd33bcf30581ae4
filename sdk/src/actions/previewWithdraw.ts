import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** Parameters of {@link previewWithdraw}. */
export interface PreviewWithdrawParameters {
  /** The vault's address. */
  vault: Address;
  /** Raw asset amount. */
  assets: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/** Raw share amount. */
export type PreviewWithdrawReturnType = bigint;

/**
 * Shares a withdrawal of `assets` burns at most (full slippage bound assumed; the real withdrawal burns this or fewer).
 * Calls the vault's own ERC-4626 `previewWithdraw`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { previewWithdraw } from "@leveraged-vault/sdk";
 *
 * const shares = await previewWithdraw(publicClient, { vault, assets: parseEther("1") });
 * ```
 */
export async function previewWithdraw(
  client: Client<Transport, Chain | undefined>,
  parameters: PreviewWithdrawParameters,
): Promise<PreviewWithdrawReturnType> {
  const { vault, assets, blockNumber } = parameters;
  return readContract(client, {
    address: vault,
    abi: leveragedVaultAbi,
    functionName: "previewWithdraw",
    args: [assets],
    blockNumber,
  });
}
