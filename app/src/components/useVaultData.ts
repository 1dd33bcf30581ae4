import { getPositionQueryOptions, getVaultStateQueryOptions } from "@leveraged-vault/sdk";
import { useQuery } from "@tanstack/react-query";
import { erc20Abi, zeroAddress } from "viem";
import { useAccount, usePublicClient, useReadContracts } from "wagmi";

import type { ListedVault } from "../vaults/useRegistryVaults.js";

/** How often the page re-reads the vault (the local chain mines on demand, the keeper rebalances in between). */
export const REFRESH_MS = 2_000;

/**
 * Everything the vault panel shows, each from the SDK's query options: the vault state (one
 * `eth_call`), the connected user's position (one `eth_call`; the zero address when no wallet is
 * connected, which still prices the vault's triggers), and the two tokens' symbols and decimals
 * plus the user's asset balance (viem's `erc20Abi`).
 */
export function useVaultData(listing: ListedVault) {
  const { vault, chainId, collateralToken: asset, debtToken } = listing;
  const client = usePublicClient({ chainId })!;
  const { address } = useAccount();
  const user = address ?? zeroAddress;
  const state = useQuery({ ...getVaultStateQueryOptions(client, { vault }), refetchInterval: REFRESH_MS });
  const position = useQuery({ ...getPositionQueryOptions(client, { vault, user }), refetchInterval: REFRESH_MS });
  const tokens = useReadContracts({
    allowFailure: false,
    contracts: [
      { chainId, address: asset, abi: erc20Abi, functionName: "symbol" },
      { chainId, address: asset, abi: erc20Abi, functionName: "decimals" },
      { chainId, address: debtToken, abi: erc20Abi, functionName: "symbol" },
      { chainId, address: debtToken, abi: erc20Abi, functionName: "decimals" },
      { chainId, address: asset, abi: erc20Abi, functionName: "balanceOf", args: [user] },
    ],
    query: { refetchInterval: REFRESH_MS },
  });
  const [assetSymbol, assetDecimals, debtSymbol, debtDecimals, assetBalance] = tokens.data ?? [];
  const units =
    assetSymbol !== undefined && assetDecimals !== undefined && debtSymbol !== undefined && debtDecimals !== undefined && state.data
      ? { assetSymbol, assetDecimals, debtSymbol, debtDecimals, shareSymbol: state.data.symbol, shareDecimals: state.data.decimals }
      : undefined;
  return { state, position, units, assetBalance, user: address, error: state.error ?? position.error ?? tokens.error };
}

export type VaultUnits = NonNullable<ReturnType<typeof useVaultData>["units"]>;
