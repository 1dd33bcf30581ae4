import { zeroAddress, zeroHash, type Address, type ContractFunctionArgs, type Hex } from "viem";

import { aaveV3VaultFactoryAbi } from "../abis/aaveV3VaultFactoryAbi.js";
import { morphoBlueVaultFactoryAbi } from "../abis/morphoBlueVaultFactoryAbi.js";

type MorphoCreateVaultArgs = ContractFunctionArgs<typeof morphoBlueVaultFactoryAbi, "nonpayable", "createVault">;

/** A vault's tokens, feeds, roles and parameters: the factories' `VaultSpec` (from the compiled ABI). */
export type VaultSpec = MorphoCreateVaultArgs[0];
/** A Morpho Blue market's parameters (loan and collateral tokens, oracle, IRM, LLTV). */
export type MorphoMarketParams = MorphoCreateVaultArgs[1];
/** Who owns the new vault: an existing owner, or `owner: 0x0` and a new `TimelockController`'s delay, proposers and executors. */
export type OwnerSpec = MorphoCreateVaultArgs[3];
/** Whether the factory deploys the vault's Chainlink Automation adapter, and who owns it. */
export type AutomationSpec = MorphoCreateVaultArgs[4];

interface CreateVaultCommon {
  /** The factory of the vault's kind. */
  factory: Address;
  spec: VaultSpec;
  /** The Uniswap v3 pool of the pair (from the factory's pinned Uniswap v3 factory). */
  pool: Address;
  owner: OwnerSpec;
  /** Default: no adapter. */
  automation?: AutomationSpec | undefined;
  /** With the arguments it fixes the vault's address (default the zero hash). */
  salt?: Hex | undefined;
}

/** The arguments of a factory's `createVault` (and `predictVaultAddress`), by kind. */
export type CreateVaultArguments =
  | (CreateVaultCommon & { kind: "morpho-blue/uniswap-v3"; /** The Morpho Blue market. */ market: MorphoMarketParams })
  | (CreateVaultCommon & { kind: "aave-v3/uniswap-v3" });

const NO_ADAPTER: AutomationSpec = { deployAdapter: false, adapterOwner: zeroAddress };

/** The factory call `createVault` or `predictVaultAddress` with these arguments, for either kind. */
export function factoryCall<functionName extends "createVault" | "predictVaultAddress">(parameters: CreateVaultArguments, functionName: functionName) {
  const automation = parameters.automation ?? NO_ADAPTER;
  const salt = parameters.salt ?? zeroHash;
  if (parameters.kind === "morpho-blue/uniswap-v3") {
    return {
      abi: morphoBlueVaultFactoryAbi,
      address: parameters.factory,
      functionName,
      args: [parameters.spec, parameters.market, parameters.pool, parameters.owner, automation, salt],
    } as const;
  }
  if (parameters.kind === "aave-v3/uniswap-v3") {
    return {
      abi: aaveV3VaultFactoryAbi,
      address: parameters.factory,
      functionName,
      args: [parameters.spec, parameters.pool, parameters.owner, automation, salt],
    } as const;
  }
  throw new TypeError(`unknown vault kind "${(parameters as { kind: string }).kind}": expected "morpho-blue/uniswap-v3" or "aave-v3/uniswap-v3"`);
}
