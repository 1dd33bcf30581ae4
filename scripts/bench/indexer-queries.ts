/**
 * The dApp's three reads of the indexer's GraphQL, in one place: the bench (`npm run bench:indexer`)
 * times exactly these, and a dApp page reading the indexer should take them from here.
 *
 * Ponder pages results at 50 rows unless `limit` says otherwise (at most 1,000), so each query names
 * its limit: an account's positions would otherwise stop at 50 vaults.
 */

/** The vault list with each vault's latest metrics (two root fields, one request). */
export const VAULT_LIST_QUERY = `{
  vaults(limit: 100) { items { address symbol name targetLeverage } }
  vaultMetricss(limit: 100) { items { vault return24h return7d return30d leverage navPerShare gapToIdeal realisedVolatility } }
}`;

/** One vault's NAV and leverage history, oldest first (up to 1,000 snapshots). */
export function vaultHistoryQuery(vault: string): string {
  return `{
  snapshots(where: { vault: "${lowercaseAddress(vault, "vault")}" }, orderBy: "blockNumber", orderDirection: "asc", limit: 1000) {
    items { blockNumber timestamp navPerShare leverage price }
  }
}`;
}

/** One account's positions across vaults (up to 1,000). */
export function accountPositionsQuery(account: string): string {
  return `{
  positions(where: { account: "${lowercaseAddress(account, "account")}" }, limit: 1000) {
    items { vault shares costBasis costBasisUsd realisedPnl deposited withdrawn }
  }
}`;
}

/** The address as the indexer stores it (lowercase hex); refuses anything else, naming `field`. */
function lowercaseAddress(value: string, field: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new RangeError(`${field} must be a 0x-prefixed 20-byte address (got "${value}")`);
  return value.toLowerCase();
}
