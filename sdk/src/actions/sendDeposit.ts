import type { Account, Address, Chain, Client, Hash, Transport } from "viem";
import { waitForTransactionReceipt } from "viem/actions";

import { resolveAccount, sendVaultTransaction } from "../utils/sendVaultTransaction.js";
import { buildApproval } from "./buildApproval.js";
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
  let approvalHash: Hash | undefined;
  const approvalFor = async (amount: bigint) => {
    const approval = await buildApproval(client, { vault: parameters.vault, owner: address, amount });
    if (!approval) return;
    approvalHash = await sendVaultTransaction(client, account, approval);
    await waitForTransactionReceipt(client, { hash: approvalHash });
  };
  await approvalFor(parameters.assets);
  const built = await buildDeposit(client, { ...parameters, receiver });
  const hash = await sendVaultTransaction(client, account, built);
  return { hash, approvalHash, transaction: built };
}
