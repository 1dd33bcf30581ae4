/**
 * Where the SDK's generated sources come from: compiled Hardhat artifacts, relative to the
 * repository root. Shared by `generate-abis.ts` and the ABI drift test so both read the same files.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { composeVaultAbi, type AbiEntry } from "./render.js";

/** The market-agnostic vault interface: every function, event and vault error. */
export const interfaceArtifactPath = "artifacts/contracts/interfaces/ILeveragedVault.sol/ILeveragedVault.json";
/** Contracts whose errors and events the interface does not declare (OpenZeppelin's): the core and the governance module. */
export const errorArtifactPaths = [
  "artifacts/contracts/vault/LeveragedVault.sol/LeveragedVault.json",
  "artifacts/contracts/vault/LeveragedVaultGovernance.sol/LeveragedVaultGovernance.json",
] as const;
export const lensArtifactPath = "artifacts/contracts/lens/VaultPositionLens.sol/VaultPositionLens.json";
/** How the vault ABI's sources are named in the generated file's header. */
export const vaultAbiSource = [interfaceArtifactPath, ...errorArtifactPaths].join(" + ");

/** Reads a Hardhat artifact. */
export async function readArtifact(repositoryRoot: string, relative: string): Promise<{ abi: AbiEntry[]; bytecode: string }> {
  return JSON.parse(await readFile(path.join(repositoryRoot, relative), "utf8")) as { abi: AbiEntry[]; bytecode: string };
}

/** The vault's ABI as the SDK ships it: `ILeveragedVault` plus the errors and events it lacks (see `composeVaultAbi`). */
export async function readVaultAbi(repositoryRoot: string): Promise<AbiEntry[]> {
  const interfaceAbi = (await readArtifact(repositoryRoot, interfaceArtifactPath)).abi;
  const errorSources = await Promise.all(errorArtifactPaths.map(async (relative) => (await readArtifact(repositoryRoot, relative)).abi));
  return composeVaultAbi(interfaceAbi, errorSources);
}
