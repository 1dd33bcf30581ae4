import { getVaults, type VaultListing } from "@leveraged-vault/sdk";
import { useQuery } from "@tanstack/react-query";
import { erc20Abi } from "viem";
import { readContract } from "viem/actions";
import { usePublicClient } from "wagmi";

import type { AppChain } from "../config/chains.js";

/** A vault the registry lists, with its share token's name and symbol and the chain it is on. */
export interface ListedVault extends VaultListing {
  chainId: number;
  chainName: string;
  name: string;
  symbol: string;
}

/** Registry pages the page reads (the SDK's page size); a registry with more shows the first this many. */
export const LISTED_VAULTS_LIMIT = 100n;

/**
 * The registry's vaults on `chain` (SDK `getVaults`, one `eth_call`), with each share token's name
 * and symbol, re-read every 10 s so a vault created while the page is open appears.
 */
export function useRegistryVaults(chain: AppChain) {
  const client = usePublicClient({ chainId: chain.chainId });
  return useQuery({
    queryKey: ["app", "registryVaults", { chainId: chain.chainId, registry: chain.registry }],
    enabled: Boolean(client),
    refetchInterval: 10_000,
    queryFn: async (): Promise<{ vaults: ListedVault[]; total: bigint }> => {
      const { vaults, total } = await getVaults(client!, { registry: chain.registry, limit: LISTED_VAULTS_LIMIT });
      const listed = await Promise.all(
        vaults.map(async (listing) => {
          const [name, symbol] = await Promise.all([
            readContract(client!, { address: listing.vault, abi: erc20Abi, functionName: "name" }),
            readContract(client!, { address: listing.vault, abi: erc20Abi, functionName: "symbol" }),
          ]);
          return { ...listing, chainId: chain.chainId, chainName: chain.name, name, symbol };
        }),
      );
      return { vaults: listed, total };
    },
  });
}
