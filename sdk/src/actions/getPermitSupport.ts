import { domainSeparator, erc20Abi, type Address, type Chain, type Client, type Hex, type Transport, type TypedDataDomain } from "viem";
import { getChainId, multicall } from "viem/actions";

import { erc20PermitAbi } from "../abis/erc20PermitAbi.js";

/** Parameters of {@link getPermitSupport}. */
export interface GetPermitSupportParameters {
  /** The token. */
  token: Address;
  /** Whose nonce to read. */
  owner: Address;
}

/** Whether a token supports EIP-2612, with what signing needs when it does. */
export type GetPermitSupportReturnType =
  | {
      supported: true;
      /** The token's EIP-712 domain (checked against its `DOMAIN_SEPARATOR`). */
      domain: TypedDataDomain & { name: string; version: string; chainId: number; verifyingContract: Address };
      /** The owner's current permit nonce. */
      nonce: bigint;
    }
  | {
      supported: false;
      /** Why permit cannot be used. */
      reason: string;
    };

/**
 * Detects EIP-2612 support: the token must answer `DOMAIN_SEPARATOR()` and `nonces(owner)`, and
 * its EIP-712 domain (from ERC-5267 `eip712Domain()`, or `name()` with version "1") must hash to that
 * separator. One deployless multicall plus `eth_chainId`.
 *
 * @example
 * ```ts
 * import { getPermitSupport } from "@leveraged-vault/sdk";
 *
 * const support = await getPermitSupport(publicClient, { token: weth, owner: account });
 * if (!support.supported) console.log("use approve:", support.reason);
 * ```
 */
export async function getPermitSupport(
  client: Client<Transport, Chain | undefined>,
  parameters: GetPermitSupportParameters,
): Promise<GetPermitSupportReturnType> {
  const { token, owner } = parameters;
  const [chainId, [separator, nonce, eip712Domain, name]] = await Promise.all([
    client.chain?.id ?? getChainId(client),
    multicall(client, {
      deployless: true,
      contracts: [
        { address: token, abi: erc20PermitAbi, functionName: "DOMAIN_SEPARATOR" },
        { address: token, abi: erc20PermitAbi, functionName: "nonces", args: [owner] },
        { address: token, abi: erc20PermitAbi, functionName: "eip712Domain" },
        { address: token, abi: erc20Abi, functionName: "name" },
      ],
    }),
  ]);
  if (separator.status !== "success") return { supported: false, reason: "DOMAIN_SEPARATOR() reverted or is missing" };
  if (nonce.status !== "success") return { supported: false, reason: "nonces(owner) reverted or is missing" };

  const candidates: { name: string; version: string }[] = [];
  if (eip712Domain.status === "success") {
    const [, domainName, version] = eip712Domain.result;
    candidates.push({ name: domainName, version });
  }
  if (name.status === "success") candidates.push({ name: name.result, version: "1" });
  for (const candidate of candidates) {
    const domain = { ...candidate, chainId, verifyingContract: token };
    if (domainSeparator({ domain }) === (separator.result as Hex)) return { supported: true, domain, nonce: nonce.result };
  }
  return { supported: false, reason: "the token's EIP-712 domain could not be reconstructed from eip712Domain() or name()" };
}
