import type { Client } from "viem";

import { isRpcUnreachable } from "../chain/errors.js";
import { ConfigError } from "../config/resolveConfig.js";
import type { RegistryConfig, VaultConfig } from "../config/types.js";
import { describeError, type Logger } from "../log/logger.js";
import { readRegistryFrom } from "./readRegistry.js";
import { kindName, selectVaults } from "./selectVaults.js";

/** What one discovery pass found. */
export interface Discovery {
  /** Vaults to start watching, in registry order. */
  added: VaultConfig[];
  /** How many vaults the registry lists in all. */
  total: number;
  /** `eth_call`s the pass made (ceil(new / 500), at least one). */
  requests: number;
}

/**
 * Reads the registry's listings past `fromIndex` and picks those the keeper should watch (see
 * {@link selectVaults}); each listing the filters leave out is logged once, at debug. A registry
 * address that does not answer as a `VaultRegistry` is a {@link ConfigError}; an unreachable RPC is
 * rethrown as is.
 */
export async function discoverVaults(client: Client, registry: RegistryConfig, fromIndex: number, watched: readonly VaultConfig[], logger: Logger): Promise<Discovery> {
  let read;
  try {
    read = await readRegistryFrom(client, registry.address, fromIndex);
  } catch (error) {
    if (isRpcUnreachable(error)) throw error;
    throw new ConfigError([`registry ${registry.address} does not answer as a VaultRegistry (vaults(${fromIndex}, …) failed: ${describeError(error).split("\n")[0]})`]);
  }
  const verdicts = selectVaults(read.listings, registry, new Set(watched.map((vault) => vault.address.toLowerCase())));
  verdicts.forEach((verdict, index) => {
    if (!verdict.watch && verdict.reason !== "already-configured") logger.debug("registry.vault_skipped", { vault: verdict.vault, reason: verdict.reason, kind: kindName(read.listings[index]!.kind) });
  });
  return { added: verdicts.flatMap((verdict) => (verdict.watch ? [verdict.vault] : [])), total: read.total, requests: read.requests };
}
