/** Which vault events the indexer handles (src/index.ts registers a function for each), for it and for the bench that counts them. */

/** The governance events stored as `governance_change` rows, with their arguments. */
export const GOVERNANCE_EVENTS = ["ParametersUpdated", "DepositsPausedSet", "WindDownStarted", "KeeperSet", "GuardianSet"] as const;

/** Every event of a vault the indexer handles: its flows, its rebalances and its governance changes. */
export const INDEXED_VAULT_EVENTS = ["Transfer", "Deposit", "Withdraw", "Rebalanced", ...GOVERNANCE_EVENTS] as const;
