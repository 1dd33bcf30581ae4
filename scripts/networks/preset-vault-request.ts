/**
 * The vault a preset deployment creates: its tokens, feeds, pool and market from the network preset,
 * its parameters from a vault-parameters preset (`L1`, `L2`) with the feed max ages following the
 * network's own heartbeats. The preflight judges this request and `npm run deploy` sends it.
 */
import type { PresetName, VaultKind } from "../vault/vault-parameters.js";
import { defaultParameters } from "../vault/vault-parameters.js";
import type { VaultMarket, VaultRequest } from "../vault/vault-request.js";
import { pairTokens, type NetworkPreset, type Pair } from "./presets.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * The grace period after the L2 sequencer comes back before the vault prices again: an hour, as
 * Chainlink's L2 sequencer feed guide suggests, so positions can be topped up before liquidations.
 */
export const SEQUENCER_GRACE_PERIOD = 3_600;
/** The delay of the timelock that owns a preset vault: every risk-increasing change waits a day. */
export const PRESET_TIMELOCK_DELAY = 86_400;

export interface PresetVaultOptions {
  pair: Pair;
  market: VaultMarket;
  vaultPreset: PresetName;
  /** The Uniswap v3 pool of the pair at the preset's fee (the factory's `getPool`). */
  pool: string;
  /** The Morpho Blue market's oracle (the project's `ChainlinkMorphoOracle`), for `market` morpho. */
  morphoOracle?: string;
  /** The timelock's proposers and executors (the deployer, or a Safe). */
  proposers: string[];
  executors?: string[];
  guardian: string;
  keeper: string;
  salt?: string;
}

/** The vault kind a pair makes: WETH/USDC is long ETH, USDC/WETH inverse. */
export function pairKind(pair: Pair): VaultKind {
  return pairTokens(pair).kind === "long" ? "long" : "inverse";
}

/** The request for the vault `options` describe on `preset`'s network. */
export function presetVaultRequest(preset: NetworkPreset, options: PresetVaultOptions): VaultRequest {
  const tokens = pairTokens(options.pair);
  const kind = pairKind(options.pair);
  const { risk, oracle } = defaultParameters(kind, {
    preset: options.vaultPreset,
    feedHeartbeats: { "ETH/USD": preset.feeds["ETH/USD"].heartbeat, "USDC/USD": preset.feeds["USDC/USD"].heartbeat },
  });
  const collateralToken = preset.tokens[tokens.collateral];
  const debtToken = preset.tokens[tokens.debt];
  if (options.market === "morpho") {
    if (!preset.morpho) throw new Error(`--market morpho: the ${preset.name} preset has no Morpho Blue (${preset.sources.morpho})`);
    if (!options.morphoOracle) throw new Error("a Morpho Blue vault needs its market's oracle address");
  } else if (!preset.aave) {
    throw new Error(`--market aave: the ${preset.name} preset has no Aave v3 pool`);
  }
  return {
    kind: options.market,
    name: kind === "long" ? "Leveraged ETH 2x" : "Inverse ETH 2x",
    symbol: kind === "long" ? "ETH2X" : "iETH2X",
    collateralToken,
    debtToken,
    collateralFeed: preset.feeds[tokens.collateralFeed].address,
    debtFeed: preset.feeds[tokens.debtFeed].address,
    sequencerFeed: preset.sequencerFeed?.address ?? ZERO_ADDRESS,
    guardians: [options.guardian],
    keepers: [options.keeper],
    decimalsOffset: 6,
    pool: options.pool,
    ...(options.market === "morpho"
      ? {
          market: {
            loanToken: debtToken,
            collateralToken,
            oracle: options.morphoOracle!,
            irm: preset.morpho!.adaptiveCurveIrm,
            lltv: preset.morpho!.lltv,
          },
        }
      : {}),
    owner: {
      timelock: {
        delay: PRESET_TIMELOCK_DELAY,
        proposers: options.proposers,
        ...(options.executors ? { executors: options.executors } : {}),
      },
    },
    ...(options.salt ? { salt: options.salt } : {}),
    risk,
    oracle: { ...oracle, sequencerGracePeriod: preset.sequencerFeed ? SEQUENCER_GRACE_PERIOD : 0 },
  };
}
