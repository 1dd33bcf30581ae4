import type { AbiEvent, Address, Chain, Client, GetLogsReturnType, Transport } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";

import { blockRanges } from "./blockRanges.js";
import { assertBlockNumber, assertPositiveInteger } from "./parameterChecks.js";
import { mapWithConcurrency } from "./mapWithConcurrency.js";

/** Blocks per `eth_getLogs` when `chunkSize` is not given: within what public RPCs accept. */
export const DEFAULT_LOGS_CHUNK_SIZE = 2_000;
/** `eth_getLogs` requests in flight at once when `concurrency` is not given. */
export const DEFAULT_LOGS_CONCURRENCY = 4;

/** Where a chunked read stands, reported after each chunk completes. */
export interface LogsChunkProgress {
  /** First block of the chunk that just completed. */
  fromBlock: bigint;
  /** Last block of the chunk that just completed. */
  toBlock: bigint;
  /** Blocks read so far, over every completed chunk. */
  scannedBlocks: bigint;
  /** Blocks in the whole range: `scannedBlocks` equals it once the read is done. */
  totalBlocks: bigint;
  /** Chunks completed so far. */
  chunksDone: number;
  /** Chunks in the whole range. */
  chunksTotal: number;
}

/** How a history is read over RPC: the options every `get*History` action takes. */
export interface ChunkedLogsOptions {
  /** First block to read (e.g. the vault's creation block: no event is older). */
  fromBlock: bigint;
  /** Last block to read (default `"latest"`, resolved once to a block number before the first chunk). */
  toBlock?: bigint | "latest" | undefined;
  /** Most blocks one `eth_getLogs` covers, inclusive (default {@link DEFAULT_LOGS_CHUNK_SIZE}). Use your RPC's cap. */
  chunkSize?: number | undefined;
  /** Most `eth_getLogs` requests in flight at once (default {@link DEFAULT_LOGS_CONCURRENCY}). */
  concurrency?: number | undefined;
  /** Called after each chunk completes, in the order chunks complete (not necessarily block order). */
  onProgress?: ((progress: LogsChunkProgress) => void) | undefined;
}

/** Parameters of {@link getLogsInChunks}. */
export interface GetLogsInChunksParameters<events extends readonly AbiEvent[]> extends ChunkedLogsOptions {
  /** The contract whose logs are read. */
  address: Address;
  /** The events to read, all in the same requests (one topic list); logs that do not decode as one of them are dropped. */
  events: events;
}

/** The decoded logs of a chunked read, ordered by block number then log index. */
export type GetLogsInChunksReturnType<events extends readonly AbiEvent[]> = GetLogsReturnType<undefined, events, true, bigint, bigint>;

/**
 * Reads a contract's logs of the given events between two blocks, in consecutive ranges of at most
 * `chunkSize` blocks (one `eth_getLogs` each, every event in it), at most `concurrency` at a time,
 * because RPCs cap the range one `eth_getLogs` may cover. `toBlock` `"latest"` (the default) is
 * resolved once with `eth_blockNumber` first, so every request is bounded and the result is the
 * range as of that block. The logs come back ordered by (block number, log index) whatever order the
 * chunks finish in. A failed chunk fails the read: viem's `http` transport already retries a
 * request (`retryCount`, with backoff) before it fails.
 *
 * Throws a `RangeError` naming the parameter and its value, before any request, when `chunkSize` or
 * `concurrency` is not a positive integer or `fromBlock` is negative; and when `fromBlock` is after
 * `toBlock` (after resolving `"latest"`).
 *
 * @example
 * ```ts
 * import { getAbiItem } from "viem";
 * import { getLogsInChunks, leveragedVaultAbi } from "@leveraged-vault/sdk";
 *
 * const logs = await getLogsInChunks(publicClient, {
 *   address: vault,
 *   events: [getAbiItem({ abi: leveragedVaultAbi, name: "Deposit" })],
 *   fromBlock: createdAtBlock,
 *   chunkSize: 10_000,
 *   onProgress: ({ scannedBlocks, totalBlocks }) => console.log(`${scannedBlocks}/${totalBlocks} blocks`),
 * });
 * ```
 */
export async function getLogsInChunks<const events extends readonly AbiEvent[]>(
  client: Client<Transport, Chain | undefined>,
  parameters: GetLogsInChunksParameters<events>,
): Promise<GetLogsInChunksReturnType<events>> {
  const { address, events, fromBlock, chunkSize = DEFAULT_LOGS_CHUNK_SIZE, concurrency = DEFAULT_LOGS_CONCURRENCY, onProgress } = parameters;
  assertPositiveInteger("chunkSize", chunkSize);
  assertPositiveInteger("concurrency", concurrency);
  assertBlockNumber("fromBlock", fromBlock);
  const toBlock = parameters.toBlock === undefined || parameters.toBlock === "latest" ? await getBlockNumber(client, { cacheTime: 0 }) : parameters.toBlock;
  const ranges = blockRanges(fromBlock, toBlock, chunkSize);

  const totalBlocks = toBlock - fromBlock + 1n;
  let scannedBlocks = 0n;
  let chunksDone = 0;
  const chunks = await mapWithConcurrency(ranges, concurrency, async (range) => {
    const logs = await getLogs(client, { address, events, fromBlock: range.fromBlock, toBlock: range.toBlock, strict: true });
    scannedBlocks += range.toBlock - range.fromBlock + 1n;
    chunksDone += 1;
    onProgress?.({ ...range, scannedBlocks, totalBlocks, chunksDone, chunksTotal: ranges.length });
    return logs;
  });
  return chunks.flat().sort(byChainPosition) as GetLogsInChunksReturnType<events>;
}

/** Orders logs as the chain does: by block number, then by log index within the block. */
function byChainPosition(a: { blockNumber: bigint; logIndex: number }, b: { blockNumber: bigint; logIndex: number }): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}
