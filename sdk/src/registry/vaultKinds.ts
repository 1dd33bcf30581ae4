import { hexToString, size, stringToHex, type Hex } from "viem";

/** The vault kinds the factories create, as the registry names them (a short string in a bytes32). */
export const VAULT_KINDS = ["morpho-blue/uniswap-v3", "aave-v3/uniswap-v3"] as const;

/** A lending market × swap venue kind: `"morpho-blue/uniswap-v3"` or `"aave-v3/uniswap-v3"`. */
export type VaultKind = (typeof VAULT_KINDS)[number];

/** The registry's bytes32 of a kind: the string's UTF-8 bytes, right-padded with zeros. */
export function vaultKindToBytes32(kind: string): Hex {
  if (size(stringToHex(kind)) > 32) throw new TypeError(`a vault kind is at most 32 bytes (got "${kind}")`);
  return stringToHex(kind, { size: 32 });
}

/** The kind a registry bytes32 names, trailing zeros removed (an unknown kind comes back as its text). */
export function vaultKindFromBytes32(kind: Hex): string {
  return hexToString(kind, { size: 32 }).replace(/\0+$/, "");
}
