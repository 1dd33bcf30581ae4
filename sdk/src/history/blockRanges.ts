import { assertBlockNumber, assertBlockOrder, assertPositiveInteger } from "./parameterChecks.js";

/** An inclusive range of blocks, `fromBlock` to `toBlock`: what one `eth_getLogs` asks for. */
export interface BlockRange {
  fromBlock: bigint;
  toBlock: bigint;
}

/**
 * Splits the inclusive block range `[fromBlock, toBlock]` into consecutive ranges of at most
 * `chunkSize` blocks each, oldest first: together they cover every block of the range exactly once,
 * and only the last one may be shorter. Pure; throws a `RangeError` naming the parameter at fault
 * when `chunkSize` is not a positive integer, `fromBlock` is negative or `fromBlock > toBlock`.
 *
 * @example
 * ```ts
 * import { blockRanges } from "@leveraged-vault/sdk";
 *
 * blockRanges(100n, 350n, 100);
 * // [{ fromBlock: 100n, toBlock: 199n }, { fromBlock: 200n, toBlock: 299n }, { fromBlock: 300n, toBlock: 350n }]
 * ```
 */
export function blockRanges(fromBlock: bigint, toBlock: bigint, chunkSize: number): BlockRange[] {
  assertPositiveInteger("chunkSize", chunkSize);
  assertBlockNumber("fromBlock", fromBlock);
  assertBlockOrder(fromBlock, toBlock);
  const step = BigInt(chunkSize);
  const ranges: BlockRange[] = [];
  for (let start = fromBlock; start <= toBlock; start += step) {
    const end = start + step - 1n;
    ranges.push({ fromBlock: start, toBlock: end < toBlock ? end : toBlock });
  }
  return ranges;
}
