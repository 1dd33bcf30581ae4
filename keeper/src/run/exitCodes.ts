/** Exit codes of `keeper once` (and of the other commands where they apply). */
export const ExitCode = {
  /** The pass ran: it acted, or nothing was due, or it stood down (another keeper was first; another run holds the lock). */
  Ok: 0,
  /** Unexpected internal error (a bug): see the log. */
  Internal: 1,
  /** A rebalance was due and did not go through: simulation reverted for a reason other than a race, the transaction reverted, or it was not mined after every replacement. */
  TransactionFailed: 2,
  /** The configuration is invalid (the log names the field), including a key that cannot be loaded or a chain id mismatch. */
  BadConfig: 3,
  /** An RPC endpoint could not be reached; nothing was sent after the failure. */
  RpcUnreachable: 4,
  /** `watch` only: another keeper process holds the lock file. (`once` exits 0 with a `lock.held` log line.) */
  LockHeld: 5,
} as const;
