import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

import { renderAbiModule, renderErrorClassesModule, type AbiEntry } from "../../sdk/scripts/render.js";
import { leveragedVaultAbi, vaultErrorClasses } from "../../sdk/src/index.js";

const root = path.join(import.meta.dirname, "..", "..");
const artifactPath = "artifacts/contracts/markets/MorphoBlueLeveragedVault.sol/MorphoBlueLeveragedVault.json";
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

  it("the committed position lens bytecode is what its Solidity source compiles to", async function () {
    this.timeout(60_000);
    const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, "sdk/scripts/compile-lens.ts", "--check"], { cwd: root });
    expect(stdout).to.match(/up to date/);
  });
});
