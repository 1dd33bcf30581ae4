/**
 * Regenerates the SDK's typed ABI, error classes and position lens from the compiled Hardhat
 * artifacts (the one source of truth for both).
 *
 *   npx hardhat build
 *   npx tsx sdk/scripts/generate-abis.ts
 *
 * Writes sdk/src/abis/leveragedVaultAbi.ts, sdk/src/errors/vaultErrors.ts and
 * sdk/src/lens/vaultPositionLens.ts.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { renderAbiModule, renderErrorClassesModule, renderLensModule, type AbiEntry } from "./render.js";

/** The artifacts the SDK is generated from, relative to the repository root. */
export const artifactPath = "artifacts/contracts/markets/MorphoBlueLeveragedVault.sol/MorphoBlueLeveragedVault.json";
export const lensArtifactPath = "artifacts/contracts/lens/VaultPositionLens.sol/VaultPositionLens.json";

const sdkRoot = path.join(import.meta.dirname, "..");
const repositoryRoot = path.join(sdkRoot, "..");
const readArtifact = async (relative: string) =>
  JSON.parse(await readFile(path.join(repositoryRoot, relative), "utf8")) as { abi: AbiEntry[]; bytecode: string };

const artifact = await readArtifact(artifactPath);
const lens = await readArtifact(lensArtifactPath);
const outputs = {
  "src/abis/leveragedVaultAbi.ts": renderAbiModule(artifact.abi, artifactPath),
  "src/errors/vaultErrors.ts": renderErrorClassesModule(artifact.abi, artifactPath),
  "src/lens/vaultPositionLens.ts": renderLensModule(lens.abi, lens.bytecode, lensArtifactPath),
};
for (const [file, content] of Object.entries(outputs)) {
  await writeFile(path.join(sdkRoot, file), content);
  console.log(`wrote sdk/${file}`);
}
