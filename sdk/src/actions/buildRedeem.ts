import { encodeFunctionData, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";
import { DEFAULT_SLIPPAGE_BPS } from "../utils/constants.js";
import { resolveDeadline, type DeadlineOptions } from "../utils/resolveDeadline.js";
import { lowerBySlippage } from "../utils/slippage.js";
import { previewRedeem } from "./previewRedeem.js";

/** Parameters of {@link buildRedeem}. */
export interface BuildRedeemParameters extends DeadlineOptions {
  /** The vault's address. */
  vault: Address;
  /** Raw share amount. */
  shares: bigint;
  /** Who receives the assets. */
  receiver: Address;
  /** Whose shares are burned (default: `receiver`). A different owner must have approved the caller. */
  owner?: Address | undefined;
  /** Explicit bound; skips the preview. */
  minAssets?: bigint | undefined;
  /** Tolerance applied to the preview, in basis points. Default 50 (0.5%). */
  slippageBps?: number | undefined;
}

/**
 * The transaction (`to`, `data`, `value`: send exactly these), the same call for wagmi and viem's
 * `writeContract` (`abi`, `address`, `functionName`, `args`), and the numbers it was built from.
 */
export interface BuildRedeemReturnType extends VaultTransaction, ContractCall<typeof leveragedVaultAbi, "redeemWithSlippage"> {
  /** The vault's `previewRedeem` at build time (undefined when `minAssets` was given). */
  preview: bigint | undefined;
  /** The bound encoded in the call. */
  minAssets: bigint;
  /** The deadline encoded in the call. */
  deadline: bigint;
}

/**
 * Builds `redeemWithSlippage(shares, receiver, owner, minAssets, deadline)`. `minAssets` defaults to `previewRedeem(shares)` lowered by `slippageBps`. Redeeming works even while the price feeds are stale.
 * The deadline defaults to 20 minutes after the latest block's timestamp.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { buildRedeem } from "@leveraged-vault/sdk";
 *
 * const { to, data, value } = await buildRedeem(publicClient, { vault, shares: 10n ** 24n, receiver: account });
 * await walletClient.sendTransaction({ to, data, value });
 * ```
 */
export async function buildRedeem(
  client: Client<Transport, Chain | undefined>,
  parameters: BuildRedeemParameters,
): Promise<BuildRedeemReturnType> {
  const { vault, shares, receiver } = parameters;
  const owner = parameters.owner ?? receiver;
  const [preview, deadline] = await Promise.all([
    parameters.minAssets === undefined ? previewRedeem(client, { vault, shares }) : undefined,
    resolveDeadline(client, parameters),
  ]);
  const minAssets = parameters.minAssets ?? lowerBySlippage(preview!, parameters.slippageBps ?? DEFAULT_SLIPPAGE_BPS);
  const call = {
    abi: leveragedVaultAbi,
    address: vault,
    functionName: "redeemWithSlippage",
    args: [shares, receiver, owner, minAssets, deadline],
  } as const satisfies ContractCall<typeof leveragedVaultAbi, "redeemWithSlippage">;
  const data = encodeFunctionData(call);
  return { to: vault, data, value: 0n, ...call, preview, minAssets, deadline };
}
