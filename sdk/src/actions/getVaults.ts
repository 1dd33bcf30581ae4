import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { vaultRegistryAbi } from "../abis/vaultRegistryAbi.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readVaultListings } from "../indexer/indexerReads.js";
import { vaultKindFromBytes32, vaultKindToBytes32 } from "../registry/vaultKinds.js";

/** How many listings {@link getVaults} reads when no `limit` is given. */
export const DEFAULT_VAULTS_PAGE_SIZE = 100n;

/** Parameters of {@link getVaults}. */
export interface GetVaultsParameters {
  /** The chain's `VaultRegistry`. */
  registry: Address;
  /** First position to read (default 0). */
  offset?: bigint | undefined;
  /** At most this many listings (default {@link DEFAULT_VAULTS_PAGE_SIZE}). */
  limit?: bigint | undefined;
  /** Only vaults of this kind (`"morpho-blue/uniswap-v3"`, `"aave-v3/uniswap-v3"`). Not with a pair. */
  kind?: string | undefined;
  /** Only vaults with this collateral; give `debtToken` with it. */
  collateralToken?: Address | undefined;
  /** Only vaults borrowing this; give `collateralToken` with it. */
  debtToken?: Address | undefined;
  /** Leave retired (wound-down) vaults out of the page (they still count in `total`). Default false. */
  excludeRetired?: boolean | undefined;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
  /** Read the indexer's `vault` table instead of the registry (the same page and total; `blockNumber` is then unused). */
  indexer?: IndexerClient | undefined;
}

/** One listed vault. */
export interface VaultListing {
  vault: Address;
  /** Its lending market × swap venue kind, as text. */
  kind: string;
  collateralToken: Address;
  debtToken: Address;
  /** The factory that created it. */
  factory: Address;
  /** The block it was registered in: where history starts. */
  createdAtBlock: bigint;
  /** That block's timestamp. */
  createdAt: bigint;
  /** Wound down and marked retired (it stays listed). */
  retired: boolean;
}

/** What {@link getVaults} returns: one page and how many the (filtered) list holds. */
export interface GetVaultsReturnType {
  vaults: VaultListing[];
  /** Listings in all under the filter: page on with `offset + limit` while it is below this. */
  total: bigint;
}

/**
 * One page of the registry's vaults, in creation order: all of them, those of one collateral/debt
 * pair, or those of one kind, in one `eth_call`. A pair and a kind cannot be combined (the registry
 * indexes each on its own); filter the page by `kind` yourself.
 *
 * @example
 * ```ts
 * import { getVaults } from "@leveraged-vault/sdk";
 *
 * const { vaults, total } = await getVaults(publicClient, { registry, limit: 50n });
 * const weth = await getVaults(publicClient, { registry, collateralToken: WETH, debtToken: USDC });
 * ```
 */
export async function getVaults(client: Client<Transport, Chain | undefined>, parameters: GetVaultsParameters): Promise<GetVaultsReturnType> {
  const { registry, kind, collateralToken, debtToken, blockNumber } = parameters;
  const offset = parameters.offset ?? 0n;
  const limit = parameters.limit ?? DEFAULT_VAULTS_PAGE_SIZE;
  if (offset < 0n) throw new RangeError(`getVaults: offset must be at least 0 (got ${offset})`);
  if (limit <= 0n) throw new RangeError(`getVaults: limit must be at least 1 (got ${limit})`);
  if ((collateralToken === undefined) !== (debtToken === undefined)) {
    throw new TypeError("getVaults: a pair filter needs both collateralToken and debtToken");
  }
  if (collateralToken !== undefined && kind !== undefined) {
    throw new TypeError("getVaults: filter by a pair or by a kind, not both (the registry indexes each on its own)");
  }
  if (parameters.indexer) {
    const { listings, total } = await readVaultListings(parameters.indexer, { kindBytes32: kind === undefined ? undefined : vaultKindToBytes32(kind), collateralToken, debtToken, offset, limit });
    return { vaults: listings.filter((listing) => !(parameters.excludeRetired && listing.retired)), total };
  }
  const read = { address: registry, abi: vaultRegistryAbi, blockNumber } as const;
  const [page, total] =
    collateralToken !== undefined && debtToken !== undefined
      ? await readContract(client, { ...read, functionName: "vaultsByPair", args: [collateralToken, debtToken, offset, limit] })
      : kind !== undefined
        ? await readContract(client, { ...read, functionName: "vaultsByKind", args: [vaultKindToBytes32(kind), offset, limit] })
        : await readContract(client, { ...read, functionName: "vaults", args: [offset, limit] });
  const vaults = page
    .map((record) => ({
      vault: record.vault,
      kind: vaultKindFromBytes32(record.kind),
      collateralToken: record.collateralToken,
      debtToken: record.debtToken,
      factory: record.factory,
      createdAtBlock: record.createdAtBlock,
      createdAt: record.createdAt,
      retired: record.retired,
    }))
    .filter((listing) => !(parameters.excludeRetired && listing.retired));
  return { vaults, total };
}
