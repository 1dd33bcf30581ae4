/**
 * Network presets: every address a deployment on a preset network needs, taken from the protocols'
 * own packages when the module loads, never retyped:
 *
 * - Aave v3's pool and the tokens (WETH, USDC): `@bgd-labs/aave-address-book` (`AaveV3<Network>.POOL`,
 *   `.ASSETS.<symbol>.UNDERLYING`);
 * - Morpho Blue and its adaptive-curve IRM: `@morpho-org/blue-sdk` (`getChainAddresses(chainId)`), where
 *   the package lists the chain (not the three testnets: there the preset has no Morpho);
 * - the Uniswap v3 factory: `@uniswap/sdk-core` (`CHAIN_TO_ADDRESSES_MAP[chainId].v3CoreFactoryAddress`);
 * - Multicall3: viem's chain definitions (`viem/chains`, `contracts.multicall3`);
 * - Chainlink feeds: `chainlink-feeds.ts`, each naming its source (there is no package).
 *
 * `test/networks/presets.test.ts` checks each address against its package and that the packages are
 * pinned. An override file (`--preset-override`, for the offline rehearsal) replaces addresses.
 */
import { createRequire } from "node:module";

import {
  AaveV3Arbitrum,
  AaveV3ArbitrumSepolia,
  AaveV3Base,
  AaveV3BaseSepolia,
  AaveV3Ethereum,
  AaveV3Sepolia,
} from "@bgd-labs/aave-address-book";
import { getChainAddresses } from "@morpho-org/blue-sdk";
import { arbitrum, arbitrumSepolia, base, baseSepolia, mainnet, sepolia, type Chain } from "viem/chains";
import { z } from "zod";

import type { PresetName } from "../vault/vault-parameters.js";
import { CHAINLINK_FEEDS, type ChainlinkFeed, type FeedPair } from "./chainlink-feeds.js";
import { NETWORKS, type NetworkName } from "./network-list.js";

// @uniswap/sdk-core's ESM build does not load under Node's ESM resolver; its CommonJS build does.
const { CHAIN_TO_ADDRESSES_MAP } = createRequire(import.meta.url)("@uniswap/sdk-core") as {
  CHAIN_TO_ADDRESSES_MAP: Record<number, { v3CoreFactoryAddress: string }>;
};

/** The token pairs a preset vault can trade: collateral/debt (WETH/USDC is long ETH, USDC/WETH short). */
export const PAIRS = ["WETH/USDC", "USDC/WETH"] as const;
export type Pair = (typeof PAIRS)[number];
export type TokenSymbol = "WETH" | "USDC";

export interface NetworkPreset {
  name: NetworkName;
  chainId: number;
  chainType: "l1" | "op" | "generic";
  testnet: boolean;
  /** The vault parameters preset (scripts/vault/vault-parameters.ts) that suits the network's gas. */
  vaultPreset: PresetName;
  multicall3: string;
  uniswapV3Factory: string;
  /** The Uniswap v3 fee tier the vault trades on (hundredths of a bip). */
  poolFee: number;
  morpho?: { morpho: string; adaptiveCurveIrm: string; lltv: bigint };
  aave?: { pool: string };
  tokens: Record<TokenSymbol, string>;
  feeds: Record<FeedPair, ChainlinkFeed>;
  sequencerFeed?: { address: string; source: string };
  /** Where each kind of address came from, for the preflight's report. */
  sources: Record<string, string>;
}

/** The Aave address book's market and viem's chain of each preset network. */
const PACKAGES: Record<NetworkName, { aave: typeof AaveV3Base | typeof AaveV3Ethereum | typeof AaveV3Arbitrum | typeof AaveV3Sepolia | typeof AaveV3BaseSepolia | typeof AaveV3ArbitrumSepolia; aaveName: string; chain: Chain; usdcSymbol: string }> = {
  ethereum: { aave: AaveV3Ethereum, aaveName: "AaveV3Ethereum", chain: mainnet, usdcSymbol: "USDC" },
  base: { aave: AaveV3Base, aaveName: "AaveV3Base", chain: base, usdcSymbol: "USDC" },
  // Arbitrum's native USDC is listed as USDCn (USDC is the bridged USDC.e).
  arbitrum: { aave: AaveV3Arbitrum, aaveName: "AaveV3Arbitrum", chain: arbitrum, usdcSymbol: "USDCn" },
  sepolia: { aave: AaveV3Sepolia, aaveName: "AaveV3Sepolia", chain: sepolia, usdcSymbol: "USDC" },
  "base-sepolia": { aave: AaveV3BaseSepolia, aaveName: "AaveV3BaseSepolia", chain: baseSepolia, usdcSymbol: "USDC" },
  "arbitrum-sepolia": { aave: AaveV3ArbitrumSepolia, aaveName: "AaveV3ArbitrumSepolia", chain: arbitrumSepolia, usdcSymbol: "USDC" },
};

/** Morpho Blue's LLTV the preset markets use (86%, one of the values Morpho governance enabled). */
export const MORPHO_PRESET_LLTV = 860_000_000_000_000_000n;
/** The Uniswap v3 fee tier of the presets' WETH/USDC pools (0.05%). */
export const PRESET_POOL_FEE = 500;

function morphoAddresses(chainId: number) {
  try {
    const addresses = getChainAddresses(chainId) as { morpho: string; adaptiveCurveIrm: string };
    return { morpho: addresses.morpho, adaptiveCurveIrm: addresses.adaptiveCurveIrm, lltv: MORPHO_PRESET_LLTV };
  } catch {
    return undefined; // the package does not list Morpho Blue on this chain
  }
}

function buildPreset(network: (typeof NETWORKS)[number]): NetworkPreset {
  const packages = PACKAGES[network.name];
  const assets = packages.aave.ASSETS as unknown as Record<string, { UNDERLYING: string }>;
  const morpho = morphoAddresses(network.chainId);
  const chainlink = CHAINLINK_FEEDS[network.name];
  return {
    name: network.name,
    chainId: network.chainId,
    chainType: network.chainType,
    testnet: network.testnet,
    vaultPreset: network.name === "ethereum" || network.name === "sepolia" ? "L1" : "L2",
    multicall3: packages.chain.contracts!.multicall3!.address,
    uniswapV3Factory: CHAIN_TO_ADDRESSES_MAP[network.chainId]!.v3CoreFactoryAddress,
    poolFee: PRESET_POOL_FEE,
    ...(morpho ? { morpho } : {}),
    aave: { pool: packages.aave.POOL },
    tokens: { WETH: assets.WETH!.UNDERLYING, USDC: assets[packages.usdcSymbol]!.UNDERLYING },
    feeds: chainlink.feeds,
    ...(chainlink.sequencer ? { sequencerFeed: chainlink.sequencer } : {}),
    sources: {
      aave: `@bgd-labs/aave-address-book ${packages.aaveName}.POOL`,
      tokens: `@bgd-labs/aave-address-book ${packages.aaveName}.ASSETS.{WETH,${packages.usdcSymbol}}.UNDERLYING`,
      morpho: morpho ? `@morpho-org/blue-sdk getChainAddresses(${network.chainId})` : `@morpho-org/blue-sdk lists no Morpho Blue on chain ${network.chainId}`,
      uniswapV3Factory: `@uniswap/sdk-core CHAIN_TO_ADDRESSES_MAP[${network.chainId}].v3CoreFactoryAddress`,
      multicall3: `viem/chains ${packages.chain.name}.contracts.multicall3`,
      feeds: "scripts/networks/chainlink-feeds.ts (docs.chain.link, per feed)",
    },
  };
}

export const NETWORK_PRESETS: Record<NetworkName, NetworkPreset> = Object.fromEntries(
  NETWORKS.map((network) => [network.name, buildPreset(network)]),
) as Record<NetworkName, NetworkPreset>;

/** The collateral and debt tokens of a pair, and the feeds that price them. */
export function pairTokens(pair: Pair): { collateral: TokenSymbol; debt: TokenSymbol; collateralFeed: FeedPair; debtFeed: FeedPair; kind: "long" | "inverse" } {
  return pair === "WETH/USDC"
    ? { collateral: "WETH", debt: "USDC", collateralFeed: "ETH/USD", debtFeed: "USDC/USD", kind: "long" }
    : { collateral: "USDC", debt: "WETH", collateralFeed: "USDC/USD", debtFeed: "ETH/USD", kind: "inverse" };
}

export function parsePair(value: string): Pair {
  if (!(PAIRS as readonly string[]).includes(value)) throw new RangeError(`--pair must be one of ${PAIRS.join(", ")} (got "${value}")`);
  return value as Pair;
}

/* OVERRIDES (the rehearsal) */

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");
const feed = z.strictObject({ address, heartbeat: z.number().int().positive().optional(), source: z.string().optional() });

/** A preset override file: addresses that replace the preset's (a local rehearsal's, say). */
export const presetOverrideSchema = z.strictObject({
  "//": z.unknown().optional(),
  multicall3: address.optional(),
  uniswapV3Factory: address.optional(),
  morpho: z.strictObject({ morpho: address, adaptiveCurveIrm: address, lltv: z.string().regex(/^[0-9]+$/).optional() }).optional(),
  aave: z.strictObject({ pool: address }).optional(),
  tokens: z.strictObject({ WETH: address, USDC: address }).optional(),
  feeds: z.strictObject({ "ETH/USD": feed, "USDC/USD": feed }).optional(),
  sequencerFeed: z.strictObject({ address, source: z.string().optional() }).optional(),
});
export type PresetOverride = z.input<typeof presetOverrideSchema>;

/** `preset` with the addresses of `override` in place of its own; each replaced source says so. */
export function applyPresetOverride(preset: NetworkPreset, override: unknown, source: string): NetworkPreset {
  const parsed = presetOverrideSchema.safeParse(override);
  if (!parsed.success) {
    throw new Error(`${source} is not a valid preset override: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  const o = parsed.data;
  const replaced = (key: string) => ({ [key]: `${source} (override)` });
  const feeds = o.feeds
    ? (Object.fromEntries(
        (Object.keys(preset.feeds) as FeedPair[]).map((pair) => [pair, { ...preset.feeds[pair], ...o.feeds![pair], source: o.feeds![pair].source ?? `${source} (override)` }]),
      ) as Record<FeedPair, ChainlinkFeed>)
    : preset.feeds;
  return {
    ...preset,
    ...(o.multicall3 ? { multicall3: o.multicall3 } : {}),
    ...(o.uniswapV3Factory ? { uniswapV3Factory: o.uniswapV3Factory } : {}),
    ...(o.morpho ? { morpho: { morpho: o.morpho.morpho, adaptiveCurveIrm: o.morpho.adaptiveCurveIrm, lltv: o.morpho.lltv ? BigInt(o.morpho.lltv) : MORPHO_PRESET_LLTV } } : {}),
    ...(o.aave ? { aave: o.aave } : {}),
    ...(o.tokens ? { tokens: o.tokens } : {}),
    feeds,
    ...(o.sequencerFeed ? { sequencerFeed: { address: o.sequencerFeed.address, source: o.sequencerFeed.source ?? `${source} (override)` } } : {}),
    sources: {
      ...preset.sources,
      ...(o.multicall3 ? replaced("multicall3") : {}),
      ...(o.uniswapV3Factory ? replaced("uniswapV3Factory") : {}),
      ...(o.morpho ? replaced("morpho") : {}),
      ...(o.aave ? replaced("aave") : {}),
      ...(o.tokens ? replaced("tokens") : {}),
      ...(o.feeds ? replaced("feeds") : {}),
    },
  };
}
