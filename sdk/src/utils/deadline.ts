import type { Chain, Client, Transport } from "viem";
import { getBlock } from "viem/actions";

import { DEFAULT_DEADLINE_SECONDS } from "./constants.js";

/**
 * A deadline `seconds` after the latest block's timestamp (not the local clock, which may be off
 * and is meaningless on a test chain whose time was moved).
 *
 * @example
 * ```ts
 * const deadline = await deadlineFromLatestBlock(publicClient); // latest timestamp + 20 min
 * ```
 */
export async function deadlineFromLatestBlock(
  client: Client<Transport, Chain | undefined>,
  seconds: number = DEFAULT_DEADLINE_SECONDS,
): Promise<bigint> {
  const block = await getBlock(client, { blockTag: "latest" });
  return block.timestamp + BigInt(seconds);
}
