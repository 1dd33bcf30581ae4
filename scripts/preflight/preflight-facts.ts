/**
 * What the preflight reads from a network (`readPreflightFacts`) and what it concludes
 * (`evaluatePreflight`): the facts are plain numbers, so the verdict is unit tested without a chain.
 * Prices use the vault's 1e36 scale (one raw collateral unit in raw debt units); LTVs and fees are WAD.
 */
import type { FeedPair } from "../networks/chainlink-feeds.js";
import type { NetworkPreset, Pair } from "../networks/presets.js";
import type { PresetName } from "../vault/vault-parameters.js";
import type { VaultMarket, VaultRequest } from "../vault/vault-request.js";

export type PreflightStatus = "ok" | "warn" | "refuse";

/** One line of the preflight's report: what was checked, the verdict, and the numbers behind it. */
export interface PreflightLine {
  check: string;
  status: PreflightStatus;
  detail: string;
}

/** What is about to be deployed: the vault request and where it came from. */
export interface PreflightRequest {
  pair: Pair;
  market: VaultMarket;
  /** The vault-parameters preset; its assumed TVL sizes the trade a rebalance needs. */
  vaultPreset: PresetName;
  vault: VaultRequest;
}

export interface TokenFacts {
  address: string;
  symbol: string;
  decimals: number;
}

export interface FeedFacts {
  pair: FeedPair;
  role: "collateral" | "debt";
  address: string;
  /** The preset's heartbeat for the feed, seconds. */
  heartbeat: number;
  reading?: { decimals: number; description: string; answer: bigint; updatedAt: number };
  /** Why the feed could not be read. */
  error?: string;
}

export interface SequencerFacts {
  address: string;
  /** `answer` 0 is up, 1 down; `startedAt` is when that status began. */
  reading?: { answer: bigint; startedAt: number };
  error?: string;
}

/** The pool as the vault's own venue code sees it (`UniswapV3VenueLens.read`). */
export interface VenueReading {
  poolPrice: bigint;
  /** Collateral side of the virtual reserves, raw collateral units. */
  depth: bigint;
  feeWad: bigint;
  /** `depth * fee`: the largest rebalance trade the sandwich-proof rule allows, before `maxTradeSize`. */
  sandwichProofTrade: bigint;
  liquidity: bigint;
}

export interface PoolFacts {
  fee: number;
  /** The factory's `getPool` answer (the zero address: none). */
  address: string;
  reading?: VenueReading;
  error?: string;
}

export interface AaveReserveFacts {
  asset: string;
  configuration: bigint;
  aTokenSupply: bigint;
  variableDebt: bigint;
  /** The reserve's underlying held by its aToken: what can be borrowed now. */
  availableLiquidity: bigint;
}

export interface AaveMarketFacts {
  kind: "aave";
  pool: string;
  /** Absent: the asset has no reserve on the pool. */
  collateral?: AaveReserveFacts;
  debt?: AaveReserveFacts;
  error?: string;
}

export interface MorphoMarketFacts {
  kind: "morpho";
  morpho: string;
  params: { loanToken: string; collateralToken: string; oracle: string; irm: string; lltv: bigint };
  id: string;
  exists: boolean;
  lltvEnabled: boolean;
  irmEnabled: boolean;
  totalSupplyAssets: bigint;
  totalBorrowAssets: bigint;
  /** The project's oracle of the market: deployed already, or deployed first by the deploy at `address`. */
  oracle: { address: string; deployed: boolean; constructorArguments: [string, string, number, number] };
  /** The permissionless call that creates the market, when it does not exist. */
  createMarket?: { to: string; data: string };
  error?: string;
}

export type ParameterRulesVerdict =
  | { accepted: true }
  | { accepted: false; field: string; value: bigint; min: bigint; max: bigint }
  | { accepted: false; error: string };

export interface PreflightFacts {
  chainId: number;
  blockNumber: bigint;
  /** The latest block's timestamp, seconds: feed ages are measured against it. */
  timestamp: number;
  gasPrice: bigint;
  tokens: { collateral: TokenFacts; debt: TokenFacts };
  feeds: FeedFacts[];
  /** Read when the preset lists a sequencer-uptime feed. */
  sequencer?: SequencerFacts;
  /** The vault's oracle price from the feeds (`ChainlinkMorphoOracle.price()`, 1e36). */
  oraclePrice?: bigint;
  pool: PoolFacts;
  market: AaveMarketFacts | MorphoMarketFacts;
  /** `ParameterRules.validate` on the request at the market's LTVs, run from its bytecode. */
  parameterRules?: ParameterRulesVerdict;
}

export type { NetworkPreset };
