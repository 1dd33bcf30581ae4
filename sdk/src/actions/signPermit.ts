import { parseSignature, type Account, type Address, type Chain, type Client, type Hex, type Transport } from "viem";
import { signTypedData } from "viem/actions";

import { PermitNotSupportedError } from "../errors/PermitNotSupportedError.js";
import { resolveDeadline, type DeadlineOptions } from "../utils/resolveDeadline.js";
import { getPermitSupport } from "./getPermitSupport.js";

/** Parameters of {@link signPermit}. */
export interface SignPermitParameters extends DeadlineOptions {
  /** The EIP-2612 token (the vault's asset). */
  token: Address;
  /** Who may spend (the vault). */
  spender: Address;
  /** Raw amount allowed. */
  value: bigint;
  /** The signer; default the client's account. */
  account?: Account | Address | undefined;
}

/** A signed EIP-2612 permit: everything `permit(...)` takes. */
export interface SignPermitReturnType {
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  /** The 65-byte signature. */
  signature: Hex;
  v: number;
  r: Hex;
  s: Hex;
}

/**
 * Signs an EIP-2612 permit for `spender` with the wallet's account. The nonce and EIP-712 domain
 * are read from the token; the deadline defaults to 20 minutes after the latest block. Throws
 * {@link PermitNotSupportedError} when the token has no permit.
 *
 * @example
 * ```ts
 * import { buildDeposit, buildPermit, signPermit } from "@leveraged-vault/sdk";
 *
 * const permit = await signPermit(walletClient, { token: weth, spender: vault, value: assets });
 * const calls = [buildPermit(permit), await buildDeposit(walletClient, { vault, assets, receiver: permit.owner })];
 * ```
 */
export async function signPermit(
  client: Client<Transport, Chain | undefined, Account | undefined>,
  parameters: SignPermitParameters,
): Promise<SignPermitReturnType> {
  const { token, spender, value } = parameters;
  const account = parameters.account ?? client.account;
  if (!account) throw new Error("signPermit needs an account: pass `account` or use a wallet client with one");
  const owner = typeof account === "string" ? account : account.address;
  const [support, deadline] = await Promise.all([getPermitSupport(client, { token, owner }), resolveDeadline(client, parameters)]);
  if (!support.supported) throw new PermitNotSupportedError(token, support.reason);
  const signature = await signTypedData(client, {
    account,
    domain: support.domain,
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: { owner, spender, value, nonce: support.nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { token, owner, spender, value, nonce: support.nonce, deadline, signature, v: Number(v ?? BigInt(yParity + 27)), r, s };
}
