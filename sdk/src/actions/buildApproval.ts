import { encodeFunctionData, erc20Abi, maxUint256, type Address, type Chain, type Client, type Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { VaultTransaction } from "../types.js";

/** Parameters of {@link buildApproval}. */
export interface BuildApprovalParameters {
  /** The vault (the spender). */
  vault: Address;
  /** The account that will deposit or mint. */
  owner: Address;
  /** Raw asset amount the vault must be allowed to pull. */
  amount: bigint;
  /** Approve `maxUint256` instead of exactly `amount`. Default false (exact approvals). */
  unlimited?: boolean | undefined;
}

/** The `approve` transaction on the vault's asset, or `null` when the allowance already suffices. */
export type BuildApprovalReturnType = VaultTransaction | null;

/**
 * Builds `asset.approve(vault, amount)` only when the owner's allowance is below `amount`; returns
 * `null` otherwise, so a batched wallet adds it only when needed. Reads the vault's `asset()`,
 * then the allowance.
 *
 * @example
 * ```ts
 * import { buildApproval } from "@leveraged-vault/sdk";
 *
 * const approval = await buildApproval(publicClient, { vault, owner: account, amount: assets });
 * if (approval) await walletClient.sendTransaction(approval);
 * ```
 */
export async function buildApproval(
  client: Client<Transport, Chain | undefined>,
  parameters: BuildApprovalParameters,
): Promise<BuildApprovalReturnType> {
  const { vault, owner, amount } = parameters;
  const asset = await readContract(client, { address: vault, abi: leveragedVaultAbi, functionName: "asset" });
  const allowance = await readContract(client, { address: asset, abi: erc20Abi, functionName: "allowance", args: [owner, vault] });
  if (allowance >= amount) return null;
  const data = encodeFunctionData({
    abi: erc20Abi,
    functionName: "approve",
    args: [vault, parameters.unlimited ? maxUint256 : amount],
  });
  return { to: asset, data, value: 0n };
}
