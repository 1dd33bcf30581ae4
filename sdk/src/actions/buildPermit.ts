import { encodeFunctionData } from "viem";

import { erc20PermitAbi } from "../abis/erc20PermitAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";
import type { SignPermitReturnType } from "./signPermit.js";

/** Parameters of {@link buildPermit}: a permit from {@link signPermit}. */
export type BuildPermitParameters = SignPermitReturnType;

/** The `permit(...)` transaction on the token, as `{ to, data, value }` and as wagmi's `{ abi, address, functionName, args }`. */
export type BuildPermitReturnType = VaultTransaction & ContractCall<typeof erc20PermitAbi, "permit">;

/**
 * Builds `token.permit(owner, spender, value, deadline, v, r, s)` from a signed permit, so a batched
 * wallet (or anyone, it needs no particular sender) can send permit + deposit without `approve`.
 *
 * @example
 * ```ts
 * import { buildPermit, signPermit } from "@leveraged-vault/sdk";
 *
 * const permit = await signPermit(walletClient, { token: weth, spender: vault, value: assets });
 * await walletClient.sendTransaction(buildPermit(permit));
 * ```
 */
export function buildPermit(permit: BuildPermitParameters): BuildPermitReturnType {
  const call = {
    abi: erc20PermitAbi,
    address: permit.token,
    functionName: "permit",
    args: [permit.owner, permit.spender, permit.value, permit.deadline, permit.v, permit.r, permit.s],
  } as const satisfies ContractCall<typeof erc20PermitAbi, "permit">;
  return { to: permit.token, data: encodeFunctionData(call), value: 0n, ...call };
}
