import { IndexerRequestError } from "./IndexerRequestError.js";

/** Parameters of {@link createIndexerClient}. */
export interface CreateIndexerClientParameters {
  /** The indexer's base URL (`npm run indexer` serves GraphQL at `<url>/graphql`), e.g. `http://localhost:42069`. */
  url: string;
  /** The `fetch` to use (default the global one). */
  fetch?: typeof fetch | undefined;
}

/** A connection to a leveraged-vault indexer (Ponder's GraphQL API), for the SDK's indexer-backed reads. */
export interface IndexerClient {
  /** The GraphQL endpoint. */
  readonly url: string;
  /** Sends one GraphQL query; throws {@link IndexerRequestError} on an HTTP or GraphQL error. */
  query<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * Connects to a leveraged-vault indexer. Pass the client as `indexer` to `getRebalanceHistory`,
 * `getFlowHistory`, `getNavHistory`, `getAccountPositions` and `getVaultListings`: they then read
 * the indexer instead of the chain, and return the same types.
 *
 * @example
 * ```ts
 * import { createIndexerClient, getRebalanceHistory } from "@leveraged-vault/sdk";
 *
 * const indexer = createIndexerClient({ url: "https://indexer.example.org" });
 * const history = await getRebalanceHistory(publicClient, { vault, fromBlock: 0n, indexer });
 * ```
 */
export function createIndexerClient(parameters: CreateIndexerClientParameters): IndexerClient {
  let base: URL;
  try {
    base = new URL(parameters.url);
  } catch {
    throw new TypeError(`indexer url must be an absolute http(s) URL (got "${parameters.url}")`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new TypeError(`indexer url must be an absolute http(s) URL (got "${parameters.url}")`);
  const url = new URL(base.pathname.replace(/\/?(graphql)?\/?$/, "/graphql"), base).toString();
  const send = parameters.fetch ?? fetch;
  return {
    url,
    async query<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      let response: Response;
      try {
        response = await send(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: document, variables }) });
      } catch (error) {
        throw new IndexerRequestError(url, error instanceof Error ? error.message : String(error));
      }
      if (!response.ok) throw new IndexerRequestError(url, `HTTP ${response.status} ${response.statusText}`.trim());
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new IndexerRequestError(url, body.errors.map((error) => error.message).join("; "));
      if (body.data === undefined) throw new IndexerRequestError(url, "the response has no data");
      return body.data;
    },
  };
}

/** A page of a Ponder GraphQL list. */
interface Page<row> {
  items: row[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Most rows Ponder's GraphQL returns per page. */
const PAGE_SIZE = 1000;

/**
 * Every row of one Ponder GraphQL list (`field`), following its cursor. `document` must take
 * `$after: String` and `$limit: Int` and select `items { ... }` and `pageInfo { hasNextPage endCursor }`.
 */
export async function queryAllPages<row>(indexer: IndexerClient, field: string, document: string, variables: Record<string, unknown> = {}): Promise<row[]> {
  const rows: row[] = [];
  let after: string | null = null;
  do {
    const data: Record<string, Page<row>> = await indexer.query<Record<string, Page<row>>>(document, { ...variables, after, limit: PAGE_SIZE });
    const page = data[field];
    if (!page) throw new IndexerRequestError(indexer.url, `the response has no "${field}"`);
    rows.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return rows;
}
