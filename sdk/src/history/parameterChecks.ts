/** The checks of the history readers' parameters: each throws a `RangeError` naming the parameter and its value. */

/** Throws a `RangeError` naming `name` unless `value` is a positive safe integer. */
export function assertPositiveInteger(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer (got ${value})`);
}

/** Throws a `RangeError` naming `name` unless `value` is a block number (zero or more). */
export function assertBlockNumber(name: string, value: bigint): void {
  if (value < 0n) throw new RangeError(`${name} must be a block number, zero or more (got ${value})`);
}

/** Throws a `RangeError` naming both blocks unless `fromBlock <= toBlock`. */
export function assertBlockOrder(fromBlock: bigint, toBlock: bigint): void {
  if (fromBlock > toBlock) throw new RangeError(`fromBlock must not be after toBlock (got fromBlock ${fromBlock}, toBlock ${toBlock})`);
}
