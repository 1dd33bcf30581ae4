/**
 * Reads the preset flags `npm run preflight` and `npm run deploy` share (`--network`, `--pair`,
 * `--market`, `--preset`, `--preset-override`), each refused with a message that names the flag or
 * the override file's field.
 */
import { readFile } from "node:fs/promises";

import { PRESET_NAMES, type PresetName } from "../vault/vault-parameters.js";
import { parseVaultMarket, type VaultMarket } from "../vault/vault-request.js";
import { parseNetworkName } from "./network-list.js";
import { applyPresetOverride, NETWORK_PRESETS, parsePair, type NetworkPreset, type Pair } from "./presets.js";

/** Bad input: the CLIs exit 2 with its message. */
export class PresetInputError extends Error {
  override name = "PresetInputError";
}

export interface PresetFlags {
  network?: string;
  pair?: string;
  market?: string;
  preset?: string;
  presetOverride?: string;
}

export interface ResolvedPreset {
  preset: NetworkPreset;
  pair: Pair;
  market: VaultMarket;
  vaultPreset: PresetName;
}

export async function resolvePreset(flags: PresetFlags): Promise<ResolvedPreset> {
  const input = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new PresetInputError((error as Error).message);
    }
  };
  if (!flags.network) throw new PresetInputError("--network is required (one of the preset networks)");
  const name = input(() => parseNetworkName(flags.network!));
  const pair = input(() => parsePair(flags.pair ?? "WETH/USDC"));
  if (!flags.market) throw new PresetInputError("--market is required (morpho or aave)");
  const market = input(() => parseVaultMarket(flags.market!, "--market"));
  let preset = NETWORK_PRESETS[name];
  if (flags.presetOverride) {
    let content: unknown;
    try {
      content = JSON.parse(await readFile(flags.presetOverride, "utf8"));
    } catch (error) {
      throw new PresetInputError(`--preset-override ${flags.presetOverride} cannot be read: ${(error as Error).message}`);
    }
    preset = input(() => applyPresetOverride(preset, content, `--preset-override ${flags.presetOverride}`));
  }
  const vaultPreset = (flags.preset ?? preset.vaultPreset) as PresetName;
  if (!PRESET_NAMES.includes(vaultPreset)) throw new PresetInputError(`--preset must be one of ${PRESET_NAMES.join(", ")} (got "${flags.preset}")`);
  if (market === "morpho" && !preset.morpho) throw new PresetInputError(`--market morpho: the ${name} preset has no Morpho Blue (${preset.sources.morpho}); use --market aave`);
  if (market === "aave" && !preset.aave) throw new PresetInputError(`--market aave: the ${name} preset has no Aave v3 pool`);
  return { preset, pair, market, vaultPreset };
}
