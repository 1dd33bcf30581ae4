import { expect } from "chai";
import { parseUnits } from "ethers";

import LeveragedVaultModule from "../../ignition/modules/LeveragedVault.js";
import { stackAddresses } from "../../scripts/stack/deploy-local-stack.js";
import { localVaultParameters } from "../../scripts/vault/ignition-parameters.js";
import { leverageToNumber } from "../../scripts/vault/vault-parameters.js";
import { connection, ethers, localStackFixture, networkHelpers } from "../fixtures/local-stack.js";

describe("Ignition module LeveragedVault", function () {
  it("deploys a working long vault against an existing stack from its parameters", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    const [, keeper, alice] = await ethers.getSigners();
    const parameters = localVaultParameters(await stackAddresses(stack), "long", { keeper: keeper.address });

    const { vault } = await connection.ignition.deploy(LeveragedVaultModule, { parameters, displayUi: false });
    const deployed = await ethers.getContractAt("MorphoBlueLeveragedVault", await vault.getAddress());

    expect(await deployed.asset()).to.equal(await stack.tokens.weth.getAddress());
    expect(await deployed.isKeeper(keeper.address)).to.equal(true);
    expect((await deployed.riskParameters()).targetLeverage).to.equal(parameters.LeveragedVault.risk.targetLeverage);

    const amount = parseUnits("5", 18);
    await stack.tokens.weth.mint(alice.address, amount);
    await stack.tokens.weth.connect(alice).approve(await deployed.getAddress(), amount);
    await deployed.connect(alice).deposit(amount, alice.address);
    expect(Math.abs(leverageToNumber((await deployed.positionState()).leverage) - 2)).to.be.below(0.01);
  });

  it("deploys an inverse vault from the same module", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    const parameters = localVaultParameters(await stackAddresses(stack), "inverse");
    const { vault } = await connection.ignition.deploy(LeveragedVaultModule, { parameters, displayUi: false });
    const deployed = await ethers.getContractAt("MorphoBlueLeveragedVault", await vault.getAddress());
    expect(await deployed.asset()).to.equal(await stack.tokens.usdc.getAddress());
    expect(await deployed.debtToken()).to.equal(await stack.tokens.weth.getAddress());
  });
});
