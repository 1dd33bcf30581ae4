import { expect } from "chai";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { renderAbiModule, renderErrorClassesModule, renderLensModule, type AbiEntry } from "../../sdk/scripts/render.js";
import { leveragedVaultAbi, vaultErrorClasses } from "../../sdk/src/index.js";

const root = path.join(import.meta.dirname, "..", "..");
const artifactPath = "artifacts/contracts/markets/MorphoBlueLeveragedVault.sol/MorphoBlueLeveragedVault.json";
const lensArtifactPath = "artifacts/contracts/lens/VaultPositionLens.sol/VaultPositionLens.json";
const regenerate = "run `npx hardhat build && npx tsx sdk/scripts/generate-abis.ts`";

async function artifactAbi(): Promise<AbiEntry[]> {
  return (JSON.parse(await readFile(path.join(root, artifactPath), "utf8")) as { abi: AbiEntry[] }).abi;
}

describe("sdk ABI drift", function () {
  it("the committed vault ABI is the compiled artifact's", async function () {
    const committed = await readFile(path.join(root, "sdk/src/abis/leveragedVaultAbi.ts"), "utf8");
    expect(committed === renderAbiModule(await artifactAbi(), artifactPath), `sdk ABI is stale: ${regenerate}`).to.equal(true);
    expect(leveragedVaultAbi).to.deep.equal(await artifactAbi());
  });

  it("the committed error classes are generated from the artifact's custom errors", async function () {
    const committed = await readFile(path.join(root, "sdk/src/errors/vaultErrors.ts"), "utf8");
    expect(committed === renderErrorClassesModule(await artifactAbi(), artifactPath), `sdk error classes are stale: ${regenerate}`).to.equal(true);
    const errorNames = (await artifactAbi()).filter((entry) => entry.type === "error").map((entry) => entry.name).sort();
    expect(Object.keys(vaultErrorClasses).sort()).to.deep.equal(errorNames);
  });

  it("the committed position lens is the compiled artifact's ABI and bytecode", async function () {
    const lens = JSON.parse(await readFile(path.join(root, lensArtifactPath), "utf8")) as { abi: AbiEntry[]; bytecode: string };
    const committed = await readFile(path.join(root, "sdk/src/lens/vaultPositionLens.ts"), "utf8");
    expect(committed === renderLensModule(lens.abi, lens.bytecode, lensArtifactPath), `sdk position lens is stale: ${regenerate}`).to.equal(true);
  });
});
