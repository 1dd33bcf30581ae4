import { encodeFunctionData, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";
import { DEFAULT_SLIPPAGE_BPS } from "../utils/constants.js";
import { resolveDeadline, type DeadlineOptions } from "../utils/resolveDeadline.js";
import { raiseBySlippage } from "../utils/slippage.js";
import { previewMint } from "./previewMint.js";

/** Parameters of {@link buildMint}. */
export interface BuildMintParameters extends DeadlineOptions {
  /** The vault's address. */
  vault: Address;
  /** Raw share amount. */
  shares: bigint;
  /** Who receives the shares. */
  receiver: Address;
  /** Explicit bound; skips the preview. */
  maxAssets?: bigint | undefined;
  /** Tolerance applied to the preview, in basis points. Default 50 (0.5%). */
  slippageBps?: number | undefined;
}

/**
 * The transaction (`to`, `data`, `value`: send exactly these), the same call for wagmi and viem's
 * `writeContract` (`abi`, `address`, `functionName`, `args`), and the numbers it was built from.
 */
export interface BuildMintReturnType extends VaultTransaction, ContractCall<typeof leveragedVaultAbi, "mintWithSlippage"> {
  /** The vault's `previewMint` at build time (undefined when `maxAssets` was given). */
  preview: bigint | undefined;
  /** The bound encoded in the call. */
  maxAssets: bigint;
  /** The deadline encoded in the call. */
  deadline: bigint;
}

/**
 * Builds `mintWithSlippage(shares, receiver, maxAssets, deadline)`. `maxAssets` defaults to `previewMint(shares)` raised by `slippageBps`.
 * The deadline defaults to 20 minutes after the latest block's timestamp. The caller must have approved the vault for `maxAssets`.
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { buildMint } from "@leveraged-vault/sdk";
 *
 * const { to, data, value } = await buildMint(publicClient, { vault, shares: 10n ** 24n, receiver: account });
 * await walletClient.sendTransaction({ to, data, value });
 * ```
 */
export async function buildMint(
  client: Client<Transport, Chain | undefined>,
  parameters: BuildMintParameters,
): Promise<BuildMintReturnType> {
  const { vault, shares, receiver } = parameters;
  const [preview, deadline] = await Promise.all([
    parameters.maxAssets === undefined ? previewMint(client, { vault, shares }) : undefined,
    resolveDeadline(client, parameters),
  ]);
  const maxAssets = parameters.maxAssets ?? raiseBySlippage(preview!, parameters.slippageBps ?? DEFAULT_SLIPPAGE_BPS);
  const call = {
    abi: leveragedVaultAbi,
    address: vault,
    functionName: "mintWithSlippage",
    args: [shares, receiver, maxAssets, deadline],
  } as const satisfies ContractCall<typeof leveragedVaultAbi, "mintWithSlippage">;
  const data = encodeFunctionData(call);
  return { to: vault, data, value: 0n, ...call, preview, maxAssets, deadline };
}
