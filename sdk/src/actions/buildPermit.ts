import { encodeFunctionData } from "viem";

import { erc20PermitAbi } from "../abis/erc20PermitAbi.js";
import type { VaultTransaction } from "../types.js";
import type { SignPermitReturnType } from "./signPermit.js";

/** Parameters of {@link buildPermit}: a permit from {@link signPermit}. */
export type BuildPermitParameters = SignPermitReturnType;

/** The `permit(...)` transaction on the token. */
export type BuildPermitReturnType = VaultTransaction;

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
  const data = encodeFunctionData({
    abi: erc20PermitAbi,
    functionName: "permit",
    args: [permit.owner, permit.spender, permit.value, permit.deadline, permit.v, permit.r, permit.s],
  });
  return { to: permit.token, data, value: 0n };
}
