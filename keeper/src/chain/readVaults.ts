import type { PositionState, RebalanceStatus } from "@leveraged-vault/sdk";
import { erc20Abi, zeroAddress, type Address, type Client } from "viem";
import { multicall } from "viem/actions";

import type { VaultConfig } from "../config/types.js";
import { aggregatorAbi, leveragedVaultAbi } from "./vaultAbi.js";

/** `rebalanceStatus()` and `positionState()` of a vault, typed from the SDK's ABI. */
export type { PositionState, RebalanceStatus } from "@leveraged-vault/sdk";

/** What does not change between ticks (read once at start). */
export interface VaultStaticInfo {
  symbol: string;
  collateralFeed: Address;
  /** Zero address when the vault has no debt feed. */
  debtFeed: Address;
  collateralDecimals: number;
  debtDecimals: number;
}

/** One vault read at one block. `error` is set (and the rest absent) when its calls failed. */
export type VaultSnapshot =
  | {
      vault: VaultConfig;
      ok: true;
      status: RebalanceStatus;
      position: PositionState;
      isKeeper: boolean;
      /** Oldest `updatedAt` of the vault's feeds (unix seconds), undefined if a feed read failed. */
      oldestFeedUpdatedAt: bigint | undefined;
    }
  | { vault: VaultConfig; ok: false; error: string };

/** Reads the per-vault facts that do not change (feeds, token decimals) in one multicall. */
export async function readVaultStaticInfo(client: Client, vaults: VaultConfig[]): Promise<VaultStaticInfo[]> {
  const firstPass = await multicall(client, {
    deployless: true,
    allowFailure: false,
    contracts: vaults.flatMap((vault) => {
      const contract = { address: vault.address, abi: leveragedVaultAbi } as const;
      return [
        { ...contract, functionName: "symbol" },
        { ...contract, functionName: "collateralFeed" },
        { ...contract, functionName: "debtFeed" },
        { ...contract, functionName: "asset" },
        { ...contract, functionName: "debtToken" },
      ] as const;
    }),
  });
  const perVault = vaults.map((_, index) => firstPass.slice(index * 5, index * 5 + 5) as [string, Address, Address, Address, Address]);
  const decimals = await multicall(client, {
    deployless: true,
    allowFailure: false,
    contracts: perVault.flatMap(([, , , asset, debtToken]) => [
      { address: asset, abi: erc20Abi, functionName: "decimals" } as const,
      { address: debtToken, abi: erc20Abi, functionName: "decimals" } as const,
    ]),
  });
  return perVault.map(([symbol, collateralFeed, debtFeed], index) => ({
    symbol,
    collateralFeed,
    debtFeed,
    collateralDecimals: Number(decimals[index * 2]),
    debtDecimals: Number(decimals[index * 2 + 1]),
  }));
}

export interface ReadVaultsParameters {
  vaults: VaultConfig[];
  statics: VaultStaticInfo[];
  /** Whose keeper flag to read. */
  signer: Address;
  /** Every value comes from this block. */
  blockNumber: bigint;
}

/**
 * Reads every watched vault at one block in ONE `eth_call` (a deployless Multicall3: the local chain
 * has none deployed): `rebalanceStatus()`, `positionState()`, `isKeeper(signer)` and the feeds'
 * `latestRoundData()`. A vault whose calls fail is reported as such; the others are still usable.
 */
export async function readVaults(client: Client, { vaults, statics, signer, blockNumber }: ReadVaultsParameters): Promise<VaultSnapshot[]> {
  const CALLS_PER_VAULT = 5;
  const results = await multicall(client, {
    deployless: true,
    allowFailure: true,
    blockNumber,
    contracts: vaults.flatMap((vault, index) => {
      const contract = { address: vault.address, abi: leveragedVaultAbi } as const;
      const info = statics[index]!;
      const debtFeed = info.debtFeed === zeroAddress ? info.collateralFeed : info.debtFeed;
      return [
        { ...contract, functionName: "rebalanceStatus" },
        { ...contract, functionName: "positionState" },
        { ...contract, functionName: "isKeeper", args: [signer] },
        { address: info.collateralFeed, abi: aggregatorAbi, functionName: "latestRoundData" },
        { address: debtFeed, abi: aggregatorAbi, functionName: "latestRoundData" },
      ] as const;
    }),
  });
  return vaults.map((vault, index): VaultSnapshot => {
    const [status, position, isKeeper, collateralRound, debtRound] = results.slice(index * CALLS_PER_VAULT, (index + 1) * CALLS_PER_VAULT);
    const failed = [status, position, isKeeper].find((result) => result!.status === "failure");
    if (failed) return { vault, ok: false, error: String((failed as { error: Error }).error?.message ?? "call failed").split("\n")[0]! };
    const updatedAts = [collateralRound, debtRound].map((round) =>
      round!.status === "success" ? (round!.result as readonly [bigint, bigint, bigint, bigint, bigint])[3] : undefined,
    );
    return {
      vault,
      ok: true,
      status: { ...(status!.result as RebalanceStatus) },
      position: { ...(position!.result as PositionState) },
      isKeeper: isKeeper!.result as boolean,
      oldestFeedUpdatedAt: updatedAts.some((value) => value === undefined) ? undefined : updatedAts.reduce((a, b) => (a! < b! ? a : b)),
    };
  });
}
