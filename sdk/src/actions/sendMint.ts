import type { Account, Address, Chain, Client, Hash, Transport } from "viem";

import { approveIfShort, resolveAccount, sendVaultTransaction } from "../utils/sendVaultTransaction.js";
import { buildMint, type BuildMintParameters, type BuildMintReturnType } from "./buildMint.js";

/** Parameters of {@link sendMint}: those of {@link buildMint}, with the account as default receiver. */
export interface SendMintParameters extends Omit<BuildMintParameters, "receiver"> {
  /** Who receives the shares (default: the account). */
  receiver?: Address | undefined;
  /** The sender; default the client's account. */
  account?: Account | Address | undefined;
}

/** Hashes of what was sent, and the built transaction. */
export interface SendMintReturnType {
  /** The `mintWithSlippage` transaction. */
  hash: Hash;
  /** The `approve` sent first, when the allowance was short. */
  approvalHash: Hash | undefined;
  /** What was sent, with its bound and deadline. */
  transaction: BuildMintReturnType;
}

/**
 * Builds (see {@link buildMint}), simulates and sends `mintWithSlippage` from a wallet client. Sends `approve` first when the allowance is short and waits for it (exact amount), then
 * simulates the call and throws the typed vault error (e.g. `TooFewSharesOut`, `DeadlineExpired`)
 * instead of sending a transaction that would revert. Returns without waiting for the receipt.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, parseEther } from "viem";
 * import { hardhat } from "viem/chains";
 * import { sendMint } from "@leveraged-vault/sdk";
 *
 * const walletClient = createWalletClient({ account, chain: hardhat, transport: http() });
 * const { hash } = await sendMint(walletClient, { vault, shares: shares });
 * ```
 */
export async function sendMint(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SendMintParameters,
): Promise<SendMintReturnType> {
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  const built = await buildMint(client, { ...parameters, receiver });
  const approvalHash = await approveIfShort(client, account, { vault: parameters.vault, owner: address, amount: built.maxAssets });
  const hash = await sendVaultTransaction(client, account, built);
  return { hash, approvalHash, transaction: built };
}
