import { expect } from "chai";

import { attribution, loadSourceAttribution } from "../../scripts/bench/source-attribution.js";
import { traceGas } from "../../scripts/bench/trace-gas.js";
import { fundedVaultsFixture, marketTo, networkHelpers, passCooldown, pick } from "../fixtures/funded-vaults.js";
import { ethers } from "../fixtures/local-stack.js";

describe("bench:profile's computation by function (source-map attribution)", function () {
  it("maps each instruction to the innermost function around the range its source-map entry gives", function () {
    // PUSH1 01, PUSH1 02, ADD, JUMPDEST: instructions at pc 0, 2, 4 and 5.
    const functions = new Map([
      [0, [
        { start: 0, end: 100, name: "A.outer" },
        { start: 10, end: 20, name: "A.inner" },
      ]],
    ]);
    // Entry 2 repeats entry 1 (empty fields); entry 4 is in no source (file -1).
    const map = attribution("0x60016002015b", "12:5:0;;50:3:0;0:0:-1", functions);
    expect(map.functionAt(0)).to.equal("A.inner");
    expect(map.functionAt(2)).to.equal("A.inner");
    expect(map.functionAt(4)).to.equal("A.outer");
    expect(map.functionAt(5)).to.equal(undefined);
    // pc 1 and 3 are PUSH1 data, not instructions.
    expect(map.functionAt(1)).to.equal(undefined);
    expect(map.functionAt(3)).to.equal(undefined);
  });

  it("on a real lever-up, names the core's rebalance functions and leaves under a fifth of the computation unnamed", async function () {
    const fixture = await networkHelpers.loadFixture(fundedVaultsFixture("morpho"));
    const { vault, scenario } = pick(fixture, "long");
    await marketTo(fixture, scenario.leverUpPrice);
    await passCooldown(vault);
    const tx = await vault.connect(fixture.keeper).rebalance();
    const vaultAddress = (await vault.getAddress()).toLowerCase();
    const map = await loadSourceAttribution("artifacts", "contracts/markets/MorphoBlueLeveragedVault.sol", "MorphoBlueLeveragedVault");
    const trace = await traceGas(ethers, tx.hash, vaultAddress, new Map([[vaultAddress, "vault"]]), "vault", map);

    const byFunction = [...trace.computationByFunction];
    const names = byFunction.map(([name]) => name);
    for (const name of ["LeveragedVault._rebalance", "LeveragedVault._rebalanceStatus", "UniswapV3Venue.uniswapV3SwapCallback", "OracleReader.read"]) {
      expect(names).to.include(name);
    }
    // Only the code before the first function's (dispatch, calldata) is left without a name.
    const unnamed = byFunction.filter(([name]) => !name.includes(".")).reduce((sum, [, gas]) => sum + gas, 0);
    expect(unnamed).to.be.below(trace.computation / 5);
  });
});
