import { encodeFunctionData, type Address, type Chain, type Client, type Transport } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { ContractCall, VaultTransaction } from "../types.js";
import { DEFAULT_SLIPPAGE_BPS } from "../utils/constants.js";
import { resolveDeadline, type DeadlineOptions } from "../utils/resolveDeadline.js";
import { lowerBySlippage } from "../utils/slippage.js";
import { previewDeposit } from "./previewDeposit.js";

/** Parameters of {@link buildDeposit}. */
export interface BuildDepositParameters extends DeadlineOptions {
  /** The vault's address. */
  vault: Address;
  /** Raw asset amount. */
  assets: bigint;
  /** Who receives the shares. */
  receiver: Address;
  /** Explicit bound; skips the preview. */
  minShares?: bigint | undefined;
  /** Tolerance applied to the preview, in basis points. Default 50 (0.5%). */
  slippageBps?: number | undefined;
}

/**
 * The transaction (`to`, `data`, `value`: send exactly these), the same call for wagmi and viem's
 * `writeContract` (`abi`, `address`, `functionName`, `args`), and the numbers it was built from.
 */
export interface BuildDepositReturnType extends VaultTransaction, ContractCall<typeof leveragedVaultAbi, "depositWithSlippage"> {
  /** The vault's `previewDeposit` at build time (undefined when `minShares` was given). */
  preview: bigint | undefined;
  /** The bound encoded in the call. */
  minShares: bigint;
  /** The deadline encoded in the call. */
  deadline: bigint;
}

/**
 * Builds `depositWithSlippage(assets, receiver, minShares, deadline)`. `minShares` defaults to `previewDeposit(assets)` lowered by `slippageBps`; the preview already assumes the vault's full swap-slippage bound, so the tolerance only absorbs price moves between building and mining.
 * The deadline defaults to 20 minutes after the latest block's timestamp. The depositor must have approved the vault for `assets` (see `buildApproval`, or `buildPermit` for a batched permit).
 *
 * @example
 * ```ts
 * import { parseEther } from "viem";
 * import { buildDeposit } from "@leveraged-vault/sdk";
 *
 * const { to, data, value } = await buildDeposit(publicClient, { vault, assets: parseEther("1"), receiver: account });
 * await walletClient.sendTransaction({ to, data, value });
 * ```
 */
export async function buildDeposit(
  client: Client<Transport, Chain | undefined>,
  parameters: BuildDepositParameters,
): Promise<BuildDepositReturnType> {
  const { vault, assets, receiver } = parameters;
  const [preview, deadline] = await Promise.all([
    parameters.minShares === undefined ? previewDeposit(client, { vault, assets }) : undefined,
    resolveDeadline(client, parameters),
  ]);
  const minShares = parameters.minShares ?? lowerBySlippage(preview!, parameters.slippageBps ?? DEFAULT_SLIPPAGE_BPS);
  const call = {
    abi: leveragedVaultAbi,
    address: vault,
    functionName: "depositWithSlippage",
    args: [assets, receiver, minShares, deadline],
  } as const satisfies ContractCall<typeof leveragedVaultAbi, "depositWithSlippage">;
  const data = encodeFunctionData(call);
  return { to: vault, data, value: 0n, ...call, preview, minShares, deadline };
}
