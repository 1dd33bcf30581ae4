import { expect } from "chai";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { composeVaultAbi, renderAbiModule, renderErrorClassesModule, renderLensModule, renderNamedAbiModule, type AbiEntry } from "../../sdk/scripts/render.js";
import {
  errorArtifactPaths,
  interfaceArtifactPath,
  lensArtifactPath,
  readArtifact,
  readRegistryAbi,
  readVaultAbi,
  registryAbiSources,
  vaultAbiSource,
} from "../../sdk/scripts/vault-artifacts.js";
import * as sdk from "../../sdk/src/index.js";
import { leveragedVaultAbi, vaultErrorClasses } from "../../sdk/src/index.js";

const root = path.join(import.meta.dirname, "..", "..");
const regenerate = "run `npm run sdk:generate`";
const names = (abi: readonly AbiEntry[], type: string) => abi.filter((entry) => entry.type === type).map((entry) => entry.name!);

describe("sdk ABI drift", function () {
  it("the committed vault ABI is generated from ILeveragedVault plus the core's and the governance module's errors", async function () {
    const committed = await readFile(path.join(root, "sdk/src/abis/leveragedVaultAbi.ts"), "utf8");
    const generated = await readVaultAbi(root);
    expect(committed === renderAbiModule(generated, vaultAbiSource), `sdk ABI is stale: ${regenerate}`).to.equal(true);
    expect(leveragedVaultAbi).to.deep.equal(generated);
  });

  it("the vault ABI is market-agnostic: its functions are exactly the interface's, its events the interface's and the module's ownership events", async function () {
    const interfaceAbi = (await readArtifact(root, interfaceArtifactPath)).abi;
    const shipped = leveragedVaultAbi as readonly AbiEntry[];
    expect(names(shipped, "function").sort(), "functions").to.deep.equal(names(interfaceAbi, "function").sort());
    // OpenZeppelin's two-step ownership runs in the governance module and emits from the vault.
    const moduleEvents = ["Initialized", "OwnershipTransferStarted", "OwnershipTransferred"];
    expect(names(shipped, "event").sort(), "events").to.deep.equal([...names(interfaceAbi, "event"), ...moduleEvents].sort());
    const functions = names(leveragedVaultAbi as readonly AbiEntry[], "function");
    for (const marketSpecific of ["marketParams", "marketId", "morpho", "pool", "uniswapV3SwapCallback", "onMorphoSupplyCollateral"]) {
      expect(functions, marketSpecific).not.to.include(marketSpecific);
    }
  });

  it("every error the concrete vault or the governance module can revert with is in the ABI", async function () {
    const concrete = (await readArtifact(root, "artifacts/contracts/markets/MorphoBlueLeveragedVault.sol/MorphoBlueLeveragedVault.json")).abi;
    const governance = (await readArtifact(root, errorArtifactPaths[1])).abi;
    const shipped = new Set(names(leveragedVaultAbi as readonly AbiEntry[], "error"));
    for (const name of [...names(concrete, "error"), ...names(governance, "error")]) expect(shipped.has(name), name).to.equal(true);
  });

  it("composeVaultAbi adds only errors the interface lacks, once each", function () {
    const error = (name: string, ...types: string[]): AbiEntry => ({ type: "error", name, inputs: types.map((type, i) => ({ name: `a${i}`, type })) });
    const interfaceAbi: AbiEntry[] = [{ type: "function", name: "rebalance", inputs: [] }, error("LeverageInBand", "uint256")];
    const composed = composeVaultAbi(interfaceAbi, [[error("LeverageInBand", "uint256"), error("OwnableUnauthorizedAccount", "address")], [error("OwnableUnauthorizedAccount", "address"), { type: "function", name: "owner" }]]);
    expect(composed.map((entry) => entry.name)).to.deep.equal(["rebalance", "LeverageInBand", "OwnableUnauthorizedAccount"]);
  });

  it("the committed error classes are generated from the vault ABI's custom errors", async function () {
    const committed = await readFile(path.join(root, "sdk/src/errors/vaultErrors.ts"), "utf8");
    const generated = await readVaultAbi(root);
    expect(committed === renderErrorClassesModule(generated, vaultAbiSource), `sdk error classes are stale: ${regenerate}`).to.equal(true);
    expect(Object.keys(vaultErrorClasses).sort()).to.deep.equal(names(generated, "error").sort());
  });

  it("the committed position lens is the compiled artifact's ABI and bytecode", async function () {
    const lens = await readArtifact(root, lensArtifactPath);
    const committed = await readFile(path.join(root, "sdk/src/lens/vaultPositionLens.ts"), "utf8");
    expect(committed === renderLensModule(lens.abi, lens.bytecode, lensArtifactPath), `sdk position lens is stale: ${regenerate}`).to.equal(true);
  });

  for (const [name, source] of Object.entries(registryAbiSources)) {
    it(`the committed ${name} is generated from ${path.basename(source.interfacePath)} plus its implementation's errors`, async function () {
      const generated = await readRegistryAbi(root, name as keyof typeof registryAbiSources);
      const committed = await readFile(path.join(root, "sdk", source.file), "utf8");
      const rendered = renderNamedAbiModule(name, source.description, generated, `${source.interfacePath} + ${source.implementationPath}`);
      expect(committed === rendered, `${name} is stale: ${regenerate}`).to.equal(true);
      expect((sdk as Record<string, unknown>)[name]).to.deep.equal(generated);
    });
  }
});
