import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, ContractFunctionReturnType, Hex } from "viem";

import type { leveragedVaultAbi } from "./abis/leveragedVaultAbi.js";

type ViewOutput<name extends "positionState" | "riskParameters" | "oracleParameters" | "rebalanceStatus"> =
  ContractFunctionReturnType<typeof leveragedVaultAbi, "view", name>;

/** `ILeveragedVault.PositionState`: the position valued at the oracle. Prices are 1e36-scaled, leverage WAD. */
export type PositionState = ViewOutput<"positionState">;

/** `ILeveragedVault.RiskParameters`. Leverages are WAD; amounts raw collateral units. */
export type RiskParameters = ViewOutput<"riskParameters">;

/** `ILeveragedVault.OracleParameters`. Prices use the 1e36 collateral-in-debt scale. */
export type OracleParameters = ViewOutput<"oracleParameters">;

/** `ILeveragedVault.RebalanceStatus`: what rebalance is due and the numbers behind it. */
export type RebalanceStatus = ViewOutput<"rebalanceStatus">;

/** `ILeveragedVault.RebalanceAction` as the numbers the contract returns. */
export const RebalanceAction = { None: 0, Rebalance: 1, Iterate: 2, Emergency: 3 } as const;

/** One of {@link RebalanceAction}'s values. */
export type RebalanceActionValue = (typeof RebalanceAction)[keyof typeof RebalanceAction];

/** A transaction ready for any wallet, Safe or batcher: send it as is. */
export interface VaultTransaction {
  /** Contract to call. */
  to: Address;
  /** ABI-encoded calldata. */
  data: Hex;
  /** Native value (always 0 for the vault and tokens). */
  value: bigint;
}

/**
 * The same call as `{ abi, address, functionName, args }`: what wagmi's `useWriteContract`,
 * `useSimulateContract` and viem's `writeContract` / `simulateContract` take. Every builder returns
 * these next to `{ to, data, value }`; pick them rather than spreading the whole result
 * (`writeContract({ abi, address, functionName, args })`), so the build-time numbers stay out.
 */
export interface ContractCall<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
> {
  /** The ABI the call is encoded with (the generated vault ABI, or viem's `erc20Abi`). */
  abi: abi;
  /** Contract to call (the same as `to`). */
  address: Address;
  /** The function called. */
  functionName: functionName;
  /** Its arguments, exactly as encoded in `data`. */
  args: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
}
