/**
 * Regenerates the SDK's typed ABI, error classes and position lens from the compiled Hardhat
 * artifacts (the one source of truth for both).
 *
 *   npx hardhat build
 *   npx tsx sdk/scripts/generate-abis.ts
 *
 * Writes sdk/src/abis/leveragedVaultAbi.ts and sdk/src/errors/vaultErrors.ts from the
 * market-agnostic `ILeveragedVault` (plus the OpenZeppelin errors of the core and the governance
 * module, see `vault-artifacts.ts`), sdk/src/lens/vaultPositionLens.ts from the lens, and the
 * registry's and the factories' ABIs (`registryAbiSources`).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";

import { renderAbiModule, renderErrorClassesModule, renderLensModule, renderNamedAbiModule } from "./render.js";
import { lensArtifactPath, readArtifact, readRegistryAbi, readVaultAbi, registryAbiSources, vaultAbiSource } from "./vault-artifacts.js";

const sdkRoot = path.join(import.meta.dirname, "..");
const repositoryRoot = path.join(sdkRoot, "..");

const vaultAbi = await readVaultAbi(repositoryRoot);
const lens = await readArtifact(repositoryRoot, lensArtifactPath);
const outputs: Record<string, string> = {
  "src/abis/leveragedVaultAbi.ts": renderAbiModule(vaultAbi, vaultAbiSource),
  "src/errors/vaultErrors.ts": renderErrorClassesModule(vaultAbi, vaultAbiSource),
  "src/lens/vaultPositionLens.ts": renderLensModule(lens.abi, lens.bytecode, lensArtifactPath),
};
for (const [name, source] of Object.entries(registryAbiSources)) {
  const abi = await readRegistryAbi(repositoryRoot, name as keyof typeof registryAbiSources);
  outputs[source.file] = renderNamedAbiModule(name, source.description, abi, `${source.interfacePath} + ${source.implementationPath}`);
}
for (const [file, content] of Object.entries(outputs)) {
  await writeFile(path.join(sdkRoot, file), content);
  console.log(`wrote sdk/${file}`);
}
