import { vaultKindFromBytes32 } from "@leveraged-vault/sdk";
import type { Address, Hex } from "viem";

import type { RegistryConfig, VaultConfig } from "../config/types.js";

/** A registry listing, as `VaultRegistry.vaults(offset, limit)` returns it. */
export interface RegistryListing {
  vault: Address;
  /** bytes32 short string ("morpho-blue/uniswap-v3"). */
  kind: Hex;
  collateralToken: Address;
  debtToken: Address;
  factory: Address;
  createdAtBlock: bigint;
  createdAt: bigint;
  retired: boolean;
}

/** Why a listed vault is not watched (logged once, when it is first seen). */
export type ListingVerdict = { watch: true; vault: VaultConfig } | { watch: false; vault: Address; reason: "already-configured" | "retired" | "kind" | "pair" | "not-allowed" | "denied" };

/** The registry's bytes32 kind as its string ("morpho-blue/uniswap-v3"): the SDK's decoding. */
export const kindName: (kind: Hex) => string = vaultKindFromBytes32;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Decides, for each newly listed vault, whether the keeper watches it: every filter of the registry
 * config that is set must pass, and a vault already watched (named in `vaults[]`, or listed twice)
 * is not added again. Pure: no I/O.
 */
export function selectVaults(listings: readonly RegistryListing[], filter: RegistryConfig, watched: ReadonlySet<string>): ListingVerdict[] {
  const seen = new Set(watched);
  return listings.map((listing): ListingVerdict => {
    const key = listing.vault.toLowerCase();
    const reject = (reason: Extract<ListingVerdict, { watch: false }>["reason"]): ListingVerdict => ({ watch: false, vault: listing.vault, reason });
    if (seen.has(key)) return reject("already-configured");
    if (filter.deny?.some((denied) => same(denied, listing.vault))) return reject("denied");
    if (filter.allow && !filter.allow.some((allowed) => same(allowed, listing.vault))) return reject("not-allowed");
    if (listing.retired && !filter.includeRetired) return reject("retired");
    if (filter.kinds && !filter.kinds.includes(kindName(listing.kind) as never)) return reject("kind");
    if (filter.pairs && !filter.pairs.some((pair) => same(pair.collateral, listing.collateralToken) && same(pair.debt, listing.debtToken))) return reject("pair");
    seen.add(key);
    return { watch: true, vault: { address: listing.vault, name: listing.vault } };
  });
}
