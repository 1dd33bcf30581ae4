import type { Account, Address, Chain, Client, Hash, Transport } from "viem";

import { resolveAccount, sendVaultTransaction } from "../utils/sendVaultTransaction.js";
import { buildRedeem, type BuildRedeemParameters, type BuildRedeemReturnType } from "./buildRedeem.js";

/** Parameters of {@link sendRedeem}: those of {@link buildRedeem}, with the account as default receiver. */
export interface SendRedeemParameters extends Omit<BuildRedeemParameters, "receiver" | "owner"> {
  /** Who receives the assets (default: the account). */
  receiver?: Address | undefined;
  /** Whose shares are burned (default: the account). */
  owner?: Address | undefined;
  /** The sender; default the client's account. */
  account?: Account | Address | undefined;
}

/** Hashes of what was sent, and the built transaction. */
export interface SendRedeemReturnType {
  /** The `redeemWithSlippage` transaction. */
  hash: Hash;
  /** What was sent, with its bound and deadline. */
  transaction: BuildRedeemReturnType;
}

/**
 * Builds (see {@link buildRedeem}), simulates and sends `redeemWithSlippage` from a wallet client. Then
 * simulates the call and throws the typed vault error (e.g. `TooFewSharesOut`, `DeadlineExpired`)
 * instead of sending a transaction that would revert. Returns without waiting for the receipt.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, parseEther } from "viem";
 * import { hardhat } from "viem/chains";
 * import { sendRedeem } from "@leveraged-vault/sdk";
 *
 * const walletClient = createWalletClient({ account, chain: hardhat, transport: http() });
 * const { hash } = await sendRedeem(walletClient, { vault, shares: shares });
 * ```
 */
export async function sendRedeem(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SendRedeemParameters,
): Promise<SendRedeemReturnType> {
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  const built = await buildRedeem(client, { ...parameters, receiver, owner: parameters.owner ?? address });
  const hash = await sendVaultTransaction(client, account, built);
  return { hash, transaction: built };
}
