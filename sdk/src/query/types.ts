import type { LeveragedVaultQueryKey } from "./leveragedVaultQueryKey.js";

/**
 * What the SDK's `*QueryOptions` functions return: a `queryKey` and a `queryFn`, the two fields
 * TanStack Query's `useQuery`, `queryClient.fetchQuery` and `prefetchQuery` need, in React, Vue,
 * Solid or Svelte alike. Spread it and add your own options:
 * `useQuery({ ...getVaultStateQueryOptions(client, { vault }), refetchInterval: 4_000 })`.
 */
export interface LeveragedVaultQueryOptions<data, action extends string> {
  /** `["leveraged-vault", action, { chainId, ...parameters }]`, bigints as decimal strings. */
  queryKey: LeveragedVaultQueryKey<action>;
  /** Runs the SDK action with the client and parameters given. */
  queryFn: () => Promise<data>;
}
