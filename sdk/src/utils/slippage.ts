import { BPS } from "./constants.js";

/**
 * `amount` lowered by `slippageBps` (rounded down): the least a caller should accept.
 *
 * @example
 * ```ts
 * lowerBySlippage(10_000n, 50); // 9950n
 * ```
 */
export function lowerBySlippage(amount: bigint, slippageBps: number): bigint {
  checkSlippage(slippageBps);
  return (amount * (BPS - BigInt(slippageBps))) / BPS;
}

/**
 * `amount` raised by `slippageBps` (rounded up): the most a caller should pay.
 *
 * @example
 * ```ts
 * raiseBySlippage(10_000n, 50); // 10050n
 * ```
 */
export function raiseBySlippage(amount: bigint, slippageBps: number): bigint {
  checkSlippage(slippageBps);
  return (amount * (BPS + BigInt(slippageBps)) + BPS - 1n) / BPS;
}

function checkSlippage(slippageBps: number): void {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > 10_000) {
    throw new RangeError(`slippageBps must be an integer between 0 and 10000, got ${slippageBps}`);
  }
}
