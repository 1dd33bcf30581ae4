import type { Chain, Client, Transport } from "viem";

import { deadlineFromLatestBlock } from "./deadline.js";

/** Deadline options shared by the transaction builders. */
export interface DeadlineOptions {
  /** Unix timestamp after which the call reverts with `DeadlineExpired`. Default: latest block + `deadlineSeconds`. */
  deadline?: bigint | undefined;
  /** Seconds after the latest block's timestamp when `deadline` is not given. Default 1200 (20 min). */
  deadlineSeconds?: number | undefined;
}

/** The caller's deadline, or one `deadlineSeconds` after the latest block. */
export async function resolveDeadline(client: Client<Transport, Chain | undefined>, options: DeadlineOptions): Promise<bigint> {
  return options.deadline ?? deadlineFromLatestBlock(client, options.deadlineSeconds);
}
