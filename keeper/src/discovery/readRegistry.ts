import { vaultRegistryAbi } from "@leveraged-vault/sdk";
import type { Address, Client } from "viem";
import { readContract } from "viem/actions";

import type { RegistryListing } from "./selectVaults.js";

/**
 * Listings one `vaults(offset, limit)` read asks for. At 500 a page is about 128 KiB of return data
 * and a few million gas of storage reads: inside every public RPC's `eth_call` limits.
 */
export const REGISTRY_PAGE_SIZE = 500;

export interface RegistryRead {
  /** Listings from `fromIndex` on, in registry order. */
  listings: RegistryListing[];
  /** How many vaults the registry lists in all. */
  total: number;
  /** `eth_call`s this read made: ceil((total - fromIndex) / page size), and at least one. */
  requests: number;
}

/**
 * Reads the registry's listings from position `fromIndex` to its end, one page per `eth_call`. Each
 * page also returns the total, so a registry with nothing new costs one request and a first read of
 * N vaults costs ceil(N / {@link REGISTRY_PAGE_SIZE}). Every page is read at the same block.
 */
export async function readRegistryFrom(client: Client, registry: Address, fromIndex: number, blockNumber?: bigint, pageSize = REGISTRY_PAGE_SIZE): Promise<RegistryRead> {
  const listings: RegistryListing[] = [];
  let requests = 0;
  let total = fromIndex;
  let offset = fromIndex;
  do {
    const [page, listed] = await readContract(client, { address: registry, abi: vaultRegistryAbi, functionName: "vaults", args: [BigInt(offset), BigInt(pageSize)], ...(blockNumber === undefined ? {} : { blockNumber }) });
    requests += 1;
    total = Number(listed);
    listings.push(...(page as readonly RegistryListing[]));
    offset += page.length;
    if (page.length === 0) break;
  } while (offset < total);
  return { listings, total, requests };
}
