/**
 * Regenerates the SDK's typed ABI and error classes from the compiled Hardhat artifact.
 *
 *   npx hardhat build
 *   npx tsx sdk/scripts/generate-abis.ts
 *
 * Writes sdk/src/abis/leveragedVaultAbi.ts and sdk/src/errors/vaultErrors.ts.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { renderAbiModule, renderErrorClassesModule, type AbiEntry } from "./render.js";

/** The artifact the SDK is generated from, relative to the repository root. */
export const artifactPath = "artifacts/contracts/markets/MorphoBlueLeveragedVault.sol/MorphoBlueLeveragedVault.json";

const sdkRoot = path.join(import.meta.dirname, "..");
const repositoryRoot = path.join(sdkRoot, "..");

const artifact = JSON.parse(await readFile(path.join(repositoryRoot, artifactPath), "utf8")) as { abi: AbiEntry[] };
const outputs = {
  "src/abis/leveragedVaultAbi.ts": renderAbiModule(artifact.abi, artifactPath),
  "src/errors/vaultErrors.ts": renderErrorClassesModule(artifact.abi, artifactPath),
};
for (const [file, content] of Object.entries(outputs)) {
  await writeFile(path.join(sdkRoot, file), content);
  console.log(`wrote sdk/${file}`);
}
