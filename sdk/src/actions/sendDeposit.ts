import type { Account, Address, Chain, Client, Hash, Transport } from "viem";

import { approveIfShort, resolveAccount, sendVaultTransaction } from "../utils/sendVaultTransaction.js";
import { buildDeposit, type BuildDepositParameters, type BuildDepositReturnType } from "./buildDeposit.js";

/** Parameters of {@link sendDeposit}: those of {@link buildDeposit}, with the account as default receiver. */
export interface SendDepositParameters extends Omit<BuildDepositParameters, "receiver"> {
  /** Who receives the shares (default: the account). */
  receiver?: Address | undefined;
  /** The sender; default the client's account. */
  account?: Account | Address | undefined;
}

/** Hashes of what was sent, and the built transaction. */
export interface SendDepositReturnType {
  /** The `depositWithSlippage` transaction. */
  hash: Hash;
  /** The `approve` sent first, when the allowance was short. */
  approvalHash: Hash | undefined;
  /** What was sent, with its bound and deadline. */
  transaction: BuildDepositReturnType;
}

/**
 * Builds (see {@link buildDeposit}), simulates and sends `depositWithSlippage` from a wallet client. Sends `approve` first when the allowance is short and waits for it (exact amount), then
 * simulates the call and throws the typed vault error (e.g. `TooFewSharesOut`, `DeadlineExpired`)
 * instead of sending a transaction that would revert. Returns without waiting for the receipt.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, parseEther } from "viem";
 * import { hardhat } from "viem/chains";
 * import { sendDeposit } from "@leveraged-vault/sdk";
 *
 * const walletClient = createWalletClient({ account, chain: hardhat, transport: http() });
 * const { hash } = await sendDeposit(walletClient, { vault, assets: parseEther("1") });
 * ```
 */
export async function sendDeposit(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SendDepositParameters,
): Promise<SendDepositReturnType> {
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  const approvalHash = await approveIfShort(client, account, { vault: parameters.vault, owner: address, amount: parameters.assets });
  const built = await buildDeposit(client, { ...parameters, receiver });
  const hash = await sendVaultTransaction(client, account, built);
  return { hash, approvalHash, transaction: built };
}
