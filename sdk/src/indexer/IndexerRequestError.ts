import { BaseError } from "viem";

/**
 * A request to a leveraged-vault indexer failed: the server did not answer, answered with an HTTP
 * error, or its GraphQL response carried errors.
 *
 * @example
 * ```ts
 * import { IndexerRequestError, getRebalanceHistory } from "@leveraged-vault/sdk";
 *
 * try {
 *   await getRebalanceHistory(publicClient, { vault, fromBlock, indexer });
 * } catch (error) {
 *   if (error instanceof IndexerRequestError) console.log(error.url, error.reason);
 * }
 * ```
 */
export class IndexerRequestError extends BaseError {
  /** The indexer's GraphQL endpoint. */
  readonly url: string;
  /** What went wrong: the HTTP status, the network error or the GraphQL errors' messages. */
  readonly reason: string;

  constructor(url: string, reason: string) {
    super(`Indexer request to ${url} failed: ${reason}`, { name: "IndexerRequestError" });
    this.url = url;
    this.reason = reason;
  }
}
