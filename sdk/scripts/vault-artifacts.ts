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

/**
 * The registry's and the factories' ABIs as the SDK ships them: each interface plus the errors and
 * events its implementation adds (OpenZeppelin's ownership, deployment and code-store errors).
 */
export const registryAbiSources = {
  vaultRegistryAbi: {
    file: "src/abis/vaultRegistryAbi.ts",
    description: "ABI of the chain's `VaultRegistry`: `IVaultRegistry` plus OpenZeppelin's ownership errors and events.",
    interfacePath: "artifacts/contracts/interfaces/IVaultRegistry.sol/IVaultRegistry.json",
    implementationPath: "artifacts/contracts/registry/VaultRegistry.sol/VaultRegistry.json",
  },
  morphoBlueVaultFactoryAbi: {
    file: "src/abis/morphoBlueVaultFactoryAbi.ts",
    description: "ABI of `MorphoBlueVaultFactory`: `IMorphoBlueVaultFactory` (with every vault error it can revert with) plus its deployment errors.",
    interfacePath: "artifacts/contracts/interfaces/ILeveragedVaultFactory.sol/IMorphoBlueVaultFactory.json",
    implementationPath: "artifacts/contracts/factory/MorphoBlueVaultFactory.sol/MorphoBlueVaultFactory.json",
  },
  aaveV3VaultFactoryAbi: {
    file: "src/abis/aaveV3VaultFactoryAbi.ts",
    description: "ABI of `AaveV3VaultFactory`: `IAaveV3VaultFactory` (with every vault error it can revert with) plus its deployment errors.",
    interfacePath: "artifacts/contracts/interfaces/ILeveragedVaultFactory.sol/IAaveV3VaultFactory.json",
    implementationPath: "artifacts/contracts/factory/AaveV3VaultFactory.sol/AaveV3VaultFactory.json",
  },
} as const;

/** One of `registryAbiSources`' ABIs, composed from its interface and implementation artifacts. */
export async function readRegistryAbi(repositoryRoot: string, name: keyof typeof registryAbiSources): Promise<AbiEntry[]> {
  const source = registryAbiSources[name];
  const interfaceAbi = (await readArtifact(repositoryRoot, source.interfacePath)).abi;
  const implementationAbi = (await readArtifact(repositoryRoot, source.implementationPath)).abi;
  return composeVaultAbi(interfaceAbi, [implementationAbi]);
}
