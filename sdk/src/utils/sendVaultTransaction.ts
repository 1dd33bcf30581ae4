import type { Account, Address, Chain, Client, Hash, Transport } from "viem";
import { call, sendTransaction, waitForTransactionReceipt } from "viem/actions";

import { buildApproval } from "../actions/buildApproval.js";

import { decodeVaultError } from "../errors/decodeVaultError.js";
import type { VaultTransaction } from "../types.js";

/** The account of a send helper: the given one or the client's. */
export function resolveAccount(client: Client<Transport, Chain | undefined, Account | undefined>, account: Account | Address | undefined) {
  const resolved = account ?? client.account;
  if (!resolved) throw new Error("this helper sends a transaction: pass `account` or use a wallet client with one");
  return { account: resolved, address: typeof resolved === "string" ? resolved : resolved.address };
}

/**
 * Simulates `transaction` from `account` (an `eth_call`), throwing the typed vault error if it would
 * revert, then sends it. Simulating first means a doomed transaction costs no gas and fails with
 * the contract's numbers.
 */
export async function sendVaultTransaction(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  account: Account | Address,
  transaction: VaultTransaction,
): Promise<Hash> {
  const { to, data, value } = transaction;
  try {
    await call(client, { account, to, data, value });
  } catch (error) {
    throw decodeVaultError(error) ?? error;
  }
  try {
    return await sendTransaction(client, { account, chain: client.chain ?? null, to, data, value });
  } catch (error) {
    throw decodeVaultError(error) ?? error;
  }
}

/**
 * Sends the asset `approve` a deposit or mint of `amount` needs, only when the allowance is short,
 * and waits for it. Returns its hash, or undefined when no approval was needed.
 */
export async function approveIfShort(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  account: Account | Address,
  parameters: { vault: Address; owner: Address; amount: bigint },
): Promise<Hash | undefined> {
  const approval = await buildApproval(client, parameters);
  if (!approval) return undefined;
  const hash = await sendVaultTransaction(client, account, approval);
  await waitForTransactionReceipt(client, { hash });
  return hash;
}
