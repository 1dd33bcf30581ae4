import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { factoryCall, type CreateVaultArguments } from "../registry/createVaultCall.js";

/** Parameters of {@link predictVaultAddress}: exactly what `buildCreateVault` takes. */
export type PredictVaultAddressParameters = CreateVaultArguments & {
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
};

/** Where the creation deploys. */
export interface PredictVaultAddressReturnType {
  vault: Address;
  /** The existing owner, or where the new timelock goes. */
  owner: Address;
  /** The adapter's address (the zero address: none asked for). */
  automationAdapter: Address;
}

/**
 * The addresses `createVault` with these arguments will deploy (CREATE2): the vault, its new
 * timelock and its adapter, known before anything exists, so a dApp can show and fund them ahead.
 * The factory computes them (one `eth_call`), so the SDK never re-implements its salt derivation.
 *
 * @example
 * ```ts
 * import { predictVaultAddress } from "@leveraged-vault/sdk";
 *
 * const { vault } = await predictVaultAddress(publicClient, { kind: "aave-v3/uniswap-v3", factory, spec, pool, owner });
 * ```
 */
export async function predictVaultAddress(
  client: Client<Transport, Chain | undefined>,
  parameters: PredictVaultAddressParameters,
): Promise<PredictVaultAddressReturnType> {
  const call = factoryCall(parameters, "predictVaultAddress");
  const predicted = await readContract(client, { ...call, blockNumber: parameters.blockNumber } as never);
  const { vault, owner, automationAdapter } = predicted as PredictVaultAddressReturnType;
  return { vault, owner, automationAdapter };
}
