/**
 * Regenerates the SDK's typed ABI, error classes and position lens from the compiled Hardhat
 * artifacts (the one source of truth for both).
 *
 *   npx hardhat build
 *   npx tsx sdk/scripts/generate-abis.ts
 *
 * Writes sdk/src/abis/leveragedVaultAbi.ts and sdk/src/errors/vaultErrors.ts from the
 * market-agnostic `ILeveragedVault` (plus the OpenZeppelin errors of the core and the governance
 * module, see `vault-artifacts.ts`), and sdk/src/lens/vaultPositionLens.ts from the lens.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";

import { renderAbiModule, renderErrorClassesModule, renderLensModule } from "./render.js";
import { lensArtifactPath, readArtifact, readVaultAbi, vaultAbiSource } from "./vault-artifacts.js";

const sdkRoot = path.join(import.meta.dirname, "..");
const repositoryRoot = path.join(sdkRoot, "..");

const vaultAbi = await readVaultAbi(repositoryRoot);
const lens = await readArtifact(repositoryRoot, lensArtifactPath);
const outputs = {
  "src/abis/leveragedVaultAbi.ts": renderAbiModule(vaultAbi, vaultAbiSource),
  "src/errors/vaultErrors.ts": renderErrorClassesModule(vaultAbi, vaultAbiSource),
  "src/lens/vaultPositionLens.ts": renderLensModule(lens.abi, lens.bytecode, lensArtifactPath),
};
for (const [file, content] of Object.entries(outputs)) {
  await writeFile(path.join(sdkRoot, file), content);
  console.log(`wrote sdk/${file}`);
}
