import type { Account, Address, Chain, Client, Hash, Transport } from "viem";
import { call, sendTransaction } from "viem/actions";

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
