import type { Account, Address, Chain, Client, Hash, Transport } from "viem";

import { resolveAccount, sendVaultTransaction } from "../utils/sendVaultTransaction.js";
import { buildWithdraw, type BuildWithdrawParameters, type BuildWithdrawReturnType } from "./buildWithdraw.js";

/** Parameters of {@link sendWithdraw}: those of {@link buildWithdraw}, with the account as default receiver. */
export interface SendWithdrawParameters extends Omit<BuildWithdrawParameters, "receiver" | "owner"> {
  /** Who receives the assets (default: the account). */
  receiver?: Address | undefined;
  /** Whose shares are burned (default: the account). */
  owner?: Address | undefined;
  /** The sender; default the client's account. */
  account?: Account | Address | undefined;
}

/** Hashes of what was sent, and the built transaction. */
export interface SendWithdrawReturnType {
  /** The `withdrawWithSlippage` transaction. */
  hash: Hash;
  /** What was sent, with its bound and deadline. */
  transaction: BuildWithdrawReturnType;
}

/**
 * Builds (see {@link buildWithdraw}), simulates and sends `withdrawWithSlippage` from a wallet client. Then
 * simulates the call and throws the typed vault error (e.g. `TooFewSharesOut`, `DeadlineExpired`)
 * instead of sending a transaction that would revert. Returns without waiting for the receipt.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, parseEther } from "viem";
 * import { hardhat } from "viem/chains";
 * import { sendWithdraw } from "@leveraged-vault/sdk";
 *
 * const walletClient = createWalletClient({ account, chain: hardhat, transport: http() });
 * const { hash } = await sendWithdraw(walletClient, { vault, assets: parseEther("1") });
 * ```
 */
export async function sendWithdraw(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SendWithdrawParameters,
): Promise<SendWithdrawReturnType> {
  const { account, address } = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? address;
  const built = await buildWithdraw(client, { ...parameters, receiver, owner: parameters.owner ?? address });
  const hash = await sendVaultTransaction(client, account, built);
  return { hash, transaction: built };
}
