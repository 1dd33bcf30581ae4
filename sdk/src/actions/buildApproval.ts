import { encodeFunctionData, erc20Abi, maxUint256, type Address, type Chain, type Client, type Transport } from "viem";
import { readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";

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

/**
 * The `approve` transaction on the vault's asset (as `{ to, data, value }` and as wagmi's
 * `{ abi, address, functionName, args }`), or `null` when the allowance already suffices.
 */
export type BuildApprovalReturnType = (VaultTransaction & ContractCall<typeof erc20Abi, "approve">) | null;

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
  const call = {
    abi: erc20Abi,
    address: asset,
    functionName: "approve",
    args: [vault, parameters.unlimited ? maxUint256 : amount],
  } as const satisfies ContractCall<typeof erc20Abi, "approve">;
  return { to: asset, data: encodeFunctionData(call), value: 0n, ...call };
}
