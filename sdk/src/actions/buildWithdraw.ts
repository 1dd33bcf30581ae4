import { encodeFunctionData, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";
import { DEFAULT_SLIPPAGE_BPS } from "../utils/constants.js";
import { resolveDeadline, type DeadlineOptions } from "../utils/resolveDeadline.js";
import { raiseBySlippage } from "../utils/slippage.js";
import { previewWithdraw } from "./previewWithdraw.js";

/** Parameters of {@link buildWithdraw}. */
export interface BuildWithdrawParameters extends DeadlineOptions {
  /** The vault's address. */
  vault: Address;
  /** Raw asset amount. */
  assets: bigint;
  /** Who receives the assets. */
  receiver: Address;
  /** Whose shares are burned (default: `receiver`). A different owner must have approved the caller. */
  owner?: Address | undefined;
  /** Explicit bound; skips the preview. */
  maxShares?: bigint | undefined;
  /** Tolerance applied to the preview, in basis points. Default 50 (0.5%). */
  slippageBps?: number | undefined;
}

/**
 * The transaction (`to`, `data`, `value`: send exactly these), the same call for wagmi and viem's
 * `writeContract` (`abi`, `address`, `functionName`, `args`), and the numbers it was built from.
 */
export interface BuildWithdrawReturnType extends VaultTransaction, ContractCall<typeof leveragedVaultAbi, "withdrawWithSlippage"> {
  /** The vault's `previewWithdraw` at build time (undefined when `maxShares` was given). */
  preview: bigint | undefined;
  /** The bound encoded in the call. */
  maxShares: bigint;
  /** The deadline encoded in the call. */
  deadline: bigint;
}

/**
 * Builds `withdrawWithSlippage(assets, receiver, owner, maxShares, deadline)`. `maxShares` defaults to `previewWithdraw(assets)` raised by `slippageBps`. Withdrawing needs a healthy oracle price (`maxWithdraw` is 0 otherwise); `redeem` always works.
 * The deadline defaults to 20 minutes after the latest block's timestamp. To exit completely use
 * `buildRedeem` with the whole balance: `maxWithdraw` falls every second as the debt accrues
 * interest, so a withdrawal of exactly the `maxWithdraw` read in an earlier block reverts with
 * `ERC4626ExceededMaxWithdraw`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { buildWithdraw } from "@leveraged-vault/sdk";
 *
 * const { to, data, value } = await buildWithdraw(publicClient, { vault, assets: parseEther("1"), receiver: account });
 * await walletClient.sendTransaction({ to, data, value });
 * ```
 */
export async function buildWithdraw(
  client: Client<Transport, Chain | undefined>,
  parameters: BuildWithdrawParameters,
): Promise<BuildWithdrawReturnType> {
  const { vault, assets, receiver } = parameters;
  const owner = parameters.owner ?? receiver;
  const [preview, deadline] = await Promise.all([
    parameters.maxShares === undefined ? previewWithdraw(client, { vault, assets }) : undefined,
    resolveDeadline(client, parameters),
  ]);
  const maxShares = parameters.maxShares ?? raiseBySlippage(preview!, parameters.slippageBps ?? DEFAULT_SLIPPAGE_BPS);
  const call = {
    abi: leveragedVaultAbi,
    address: vault,
    functionName: "withdrawWithSlippage",
    args: [assets, receiver, owner, maxShares, deadline],
  } as const satisfies ContractCall<typeof leveragedVaultAbi, "withdrawWithSlippage">;
  const data = encodeFunctionData(call);
  return { to: vault, data, value: 0n, ...call, preview, maxShares, deadline };
}
