import { encodeFunctionData } from "viem";

import type { aaveV3VaultFactoryAbi } from "../abis/aaveV3VaultFactoryAbi.js";
import type { morphoBlueVaultFactoryAbi } from "../abis/morphoBlueVaultFactoryAbi.js";
import { factoryCall, type CreateVaultArguments } from "../registry/createVaultCall.js";
import type { ContractCall, VaultTransaction } from "../types.js";

/** Parameters of {@link buildCreateVault}. */
export type BuildCreateVaultParameters = CreateVaultArguments;

/** The factory's `createVault` call, as `{ to, data, value }` and as wagmi's `{ abi, address, functionName, args }`. */
export type BuildCreateVaultReturnType = VaultTransaction &
  (ContractCall<typeof morphoBlueVaultFactoryAbi, "createVault"> | ContractCall<typeof aaveV3VaultFactoryAbi, "createVault">);

/**
 * Builds `factory.createVault(...)` for either kind. Pure: nothing is read. The factory checks the
 * parameters with the vault's own rules before it deploys, so simulate the call (or run
 * {@link predictVaultAddress}, which checks nothing) to see a refusal with its custom error first.
 *
 * @example
 * ```ts
 * import { buildCreateVault, predictVaultAddress } from "@leveraged-vault/sdk";
 *
 * const creation = { kind: "morpho-blue/uniswap-v3", factory, spec, market, pool, owner } as const;
 * const { vault } = await predictVaultAddress(publicClient, creation);
 * await walletClient.sendTransaction(buildCreateVault(creation));
 * ```
 */
export function buildCreateVault(parameters: BuildCreateVaultParameters): BuildCreateVaultReturnType {
  const call = factoryCall(parameters, "createVault");
  return { to: call.address, data: encodeFunctionData(call as never), value: 0n, ...call } as BuildCreateVaultReturnType;
}
