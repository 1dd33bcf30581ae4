import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { vaultRegistryAbi } from "../abis/vaultRegistryAbi.js";

/** Parameters of {@link isVault}. */
export interface IsVaultParameters {
  /** The chain's `VaultRegistry`. */
  registry: Address;
  /** Any address. */
  address: Address;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/**
 * Whether `address` is a vault an approved factory created and listed (retired ones included).
 * Answers `false` for any other address: an EOA, a token, a contract that only looks like a vault.
 *
 * @example
 * ```ts
 * import { isVault } from "@leveraged-vault/sdk";
 *
 * if (!(await isVault(publicClient, { registry, address: fromUrl }))) throw new Error("not a listed vault");
 * ```
 */
export async function isVault(client: Client<Transport, Chain | undefined>, parameters: IsVaultParameters): Promise<boolean> {
  return readContract(client, {
    address: parameters.registry,
    abi: vaultRegistryAbi,
    functionName: "isVault",
    args: [parameters.address],
    blockNumber: parameters.blockNumber,
  });
}
