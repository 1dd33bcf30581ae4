import type { Chain, Client, Transport } from "viem";

/** The first element of every query key the SDK's query options make: invalidate them all with it. */
export const leveragedVaultQueryKeyPrefix = "leveraged-vault";

/** A query key the SDK's query options make: `["leveraged-vault", action, { chainId, ...parameters }]`. */
export type LeveragedVaultQueryKey<action extends string> = readonly [
  typeof leveragedVaultQueryKeyPrefix,
  action,
  Readonly<Record<string, string | number | null>>,
];

/**
 * The TanStack Query key of one SDK action on one chain. Bigints are written as decimal strings, so
 * the key hashes with TanStack's default `JSON.stringify`-based hash (no custom `queryKeyHashFn`
 * needed); `undefined` parameters are left out, so an omitted `blockNumber` and an explicit
 * `undefined` share a cache entry.
 *
 * @example
 * ```ts
 * import { leveragedVaultQueryKey } from "@leveraged-vault/sdk";
 *
 * // after a deposit confirms, refetch everything about this vault's user position
 * await queryClient.invalidateQueries({ queryKey: leveragedVaultQueryKey(publicClient, "getPosition", { vault, user }) });
 * ```
 */
export function leveragedVaultQueryKey<action extends string>(
  client: Client<Transport, Chain | undefined>,
  action: action,
  parameters: object,
): LeveragedVaultQueryKey<action> {
  const entries: [string, string | number | null][] = [["chainId", client.chain?.id ?? null]];
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    if (typeof value === "bigint") entries.push([name, value.toString()]);
    else if (typeof value === "string" || typeof value === "number") entries.push([name, value]);
    else throw new TypeError(`query key parameter "${name}" must be a string, number or bigint (got ${typeof value})`);
  }
  return [leveragedVaultQueryKeyPrefix, action, Object.fromEntries(entries)] as const;
}
