import type { Address } from "viem";

/** One vault the keeper watches. */
export interface VaultConfig {
  address: Address;
  /** Label used in logs and metrics (default: the address). */
  name: string;
}

/** A vault kind as the registry lists it. */
export type VaultKind = "morpho-blue/uniswap-v3" | "aave-v3/uniswap-v3";

/** Discover vaults from a `VaultRegistry`, optionally filtered. A vault must pass every filter that is set. */
export interface RegistryConfig {
  address: Address;
  /** Only vaults of these kinds. */
  kinds?: VaultKind[];
  /** Only vaults of these collateral/debt pairs. */
  pairs?: { collateral: Address; debt: Address }[];
  /** Only these listed vaults. */
  allow?: Address[];
  /** Never these listed vaults (an entry of `vaults[]` is watched all the same). */
  deny?: Address[];
  /** Also watch vaults the registry marks retired. */
  includeRetired: boolean;
}

/** Where the signing key comes from. Exactly one of the two forms. */
export type SignerConfig =
  | { privateKeyEnv: string }
  | { keystorePath: string; passwordFile: string };

/** EIP-1559 fee caps. */
export interface FeeConfig {
  /** Cap on `maxFeePerGas` for a routine rebalance, in gwei. */
  maxFeePerGasGwei: number;
  /** Cap on `maxPriorityFeePerGas` for a routine rebalance, in gwei. */
  maxPriorityFeePerGasGwei: number;
  /** How far the caps rise for a vault at its emergency threshold (2 = twice the cap). */
  emergencyFeeMultiplier: number;
}

/** When and how a transaction that is not mined gets replaced. */
export interface ReplacementConfig {
  /** Replace after this many new blocks without a receipt (one of afterBlocks/afterSeconds). */
  afterBlocks?: number;
  /** Replace after this many seconds without a receipt. */
  afterSeconds?: number;
  /** Fee bump of each replacement, percent (>= 10, the usual mempool minimum). */
  bumpPercent: number;
  /** Most replacements of one transaction; after that the keeper gives up waiting (exit 2). */
  maxReplacements: number;
}

export interface MetricsConfig {
  port: number;
  host: string;
  /** /health answers 503 when the last successful tick is older than this. */
  healthMaxAgeSeconds: number;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** The resolved, validated keeper configuration. */
export interface KeeperConfig {
  rpc: {
    /** The one RPC every transaction (and nonce read) goes to. */
    write: string;
    /** Read RPCs, tried in order through viem's `fallback` transport. */
    read: string[];
    /**
     * A private-transaction RPC (Flashbots Protect-style): when set, signed transactions
     * (`eth_sendRawTransaction`) go here instead of `write`, so nobody can sandwich a rebalance from
     * the public mempool. Only that method is sent to it; nonces, fees and receipts stay on `write`.
     */
    private?: string;
    /** Requests of one kind in flight at once (simulations, receipts, read chunks). */
    maxConcurrentRequests: number;
  };
  chainId: number;
  /** Vaults named in the config (may be empty when `registry` is set). */
  vaults: VaultConfig[];
  /** Where more vaults are discovered, read again on every tick. */
  registry?: RegistryConfig;
  signer: SignerConfig;
  fees: FeeConfig;
  replacement: ReplacementConfig;
  lockFile: string;
  metrics: MetricsConfig;
  logLevel: LogLevel;
  /** Warn when the signer holds less than this (wei). */
  lowBalanceWei: bigint;
  /** Warn when a vault's feed answer is older than this (seconds, at the block read). */
  stalePriceSeconds: number;
  /** Watch mode: how often to poll for a new block, milliseconds. */
  pollIntervalMs: number;
  /** Simulate and log, never send. */
  dryRun: boolean;
  /** Size limits of one batched read (`eth_call`). */
  reads: ReadLimits;
}

/** Size limits of one batched read. */
export interface ReadLimits {
  /** Read chunks in flight at once (set from `rpc.maxConcurrentRequests`). */
  maxConcurrentRequests?: number;
  /** Calldata of one `aggregate3` call, bytes. */
  maxCalldataBytes: number;
  /** Return data of one `aggregate3` call, bytes (the deployless path is also held to 24,576). */
  maxReturnDataBytes: number;
}
