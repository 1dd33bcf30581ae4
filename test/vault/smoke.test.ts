import { expect } from "chai";
import { parseUnits } from "ethers";

import { moveMarket } from "../../scripts/stack/deploy-local-stack.js";
import { leverageToNumber } from "../../scripts/vault/vault-parameters.js";
import { networkHelpers } from "../fixtures/local-stack.js";
import { vaultsFixture } from "../fixtures/vaults.js";

describe("vault smoke", function () {
  it("deposit levers to 2x, redeem keeps 2x, rebalance after a drop returns to target", async function () {
    const { long, alice, bob, keeper, stack } = await networkHelpers.loadFixture(vaultsFixture);
    const vault = long.vault;
    await vault.connect(alice).deposit(parseUnits("10", 18), alice.address);
    let state = await vault.positionState();
    console.log("after deposit", leverageToNumber(state.leverage), state.collateral, state.debt, state.equity);
    await vault.connect(bob).deposit(parseUnits("5", 18), bob.address);
    state = await vault.positionState();
    console.log("after bob", leverageToNumber(state.leverage), await vault.balanceOf(bob.address));
    await vault.connect(alice).redeem((await vault.balanceOf(alice.address)) / 2n, alice.address, alice.address);
    state = await vault.positionState();
    console.log("after redeem", leverageToNumber(state.leverage));
    await moveMarket(stack, 2700);
    const status = await vault.rebalanceStatus();
    console.log("status", status.action, leverageToNumber(status.leverage), status.collateralToTrade);
    await networkHelpers.time.increase(700);
    await vault.connect(keeper).rebalance();
    state = await vault.positionState();
    console.log("after rebalance", leverageToNumber(state.leverage));
    expect(Math.abs(leverageToNumber(state.leverage) - 2)).to.be.below(0.01);
    await moveMarket(stack, 3300);
    await networkHelpers.time.increase(700);
    console.log("status up", (await vault.rebalanceStatus()).action);
    await vault.connect(keeper).rebalance();
    state = await vault.positionState();
    console.log("after rebalance up", leverageToNumber(state.leverage));
    await vault.connect(bob).withdraw(parseUnits("1", 18), bob.address, bob.address);
    await vault.connect(alice).mint(parseUnits("1", 24), alice.address);
  });

  it("inverse vault deposits and rebalances", async function () {
    const { inverse, alice, keeper, stack } = await networkHelpers.loadFixture(vaultsFixture);
    const vault = inverse.vault;
    await vault.connect(alice).deposit(parseUnits("30000", 6), alice.address);
    let state = await vault.positionState();
    console.log("inverse after deposit", leverageToNumber(state.leverage));
    await moveMarket(stack, 3400);
    await networkHelpers.time.increase(700);
    console.log("status", (await vault.rebalanceStatus()).action, leverageToNumber((await vault.rebalanceStatus()).leverage));
    await vault.connect(keeper).rebalance();
    state = await vault.positionState();
    console.log("inverse after rebalance", leverageToNumber(state.leverage));
  });
});
