import { expect } from "chai";
import { parseUnits } from "ethers";

import { moveMarket } from "../../scripts/stack/deploy-local-stack.js";
import { ethers, localStackFixture, networkHelpers } from "../fixtures/local-stack.js";

async function borrowerFixture() {
  const stack = await localStackFixture();
  const [, borrower, liquidator] = await ethers.getSigners();
  const { morpho } = stack.morpho;
  for (const account of [borrower, liquidator]) {
    for (const token of [stack.tokens.weth, stack.tokens.usdc]) {
      await token.connect(account).approve(await morpho.getAddress(), ethers.MaxUint256);
    }
  }
  return { stack, borrower, liquidator, morpho, market: stack.morpho.wethCollateralMarket };
}

describe("local stack: Morpho Blue", function () {
  it("supplies collateral, borrows, repays and withdraws on the WETH/USDC market", async function () {
    const { stack, borrower, morpho, market } = await networkHelpers.loadFixture(borrowerFixture);
    const collateral = parseUnits("10", 18);
    const borrowed = parseUnits("15000", 6);
    await stack.tokens.weth.mint(borrower.address, collateral);

    await morpho.connect(borrower).supplyCollateral(market.params, collateral, borrower.address, "0x");
    await morpho.connect(borrower).borrow(market.params, borrowed, 0n, borrower.address, borrower.address);
    expect(await stack.tokens.usdc.balanceOf(borrower.address)).to.equal(borrowed);

    const position = await morpho.position(market.id, borrower.address);
    expect(position.collateral).to.equal(collateral);
    expect(position.borrowShares).to.be.greaterThan(0n);

    // Interest accrues, so repay by shares and cover the accrued part.
    await networkHelpers.time.increase(30 * 24 * 3600);
    await stack.tokens.usdc.mint(borrower.address, parseUnits("1000", 6));
    await morpho.connect(borrower).repay(market.params, 0n, position.borrowShares, borrower.address, "0x");
    await morpho.connect(borrower).withdrawCollateral(market.params, collateral, borrower.address, borrower.address);

    const after = await morpho.position(market.id, borrower.address);
    expect(after.borrowShares).to.equal(0n);
    expect(after.collateral).to.equal(0n);
    expect(await stack.tokens.weth.balanceOf(borrower.address)).to.equal(collateral);
    // A month of interest came out of the 1000 USDC top-up.
    const leftOfTopUp = await stack.tokens.usdc.balanceOf(borrower.address);
    expect(leftOfTopUp).to.be.lessThan(parseUnits("1000", 6));
    expect(leftOfTopUp).to.be.greaterThan(0n);
  });

  it("refuses to lend beyond the liquidation LTV", async function () {
    const { stack, borrower, morpho, market } = await networkHelpers.loadFixture(borrowerFixture);
    const collateral = parseUnits("1", 18);
    await stack.tokens.weth.mint(borrower.address, collateral);
    await morpho.connect(borrower).supplyCollateral(market.params, collateral, borrower.address, "0x");
    // 86% of 3000 USD is 2580 USDC.
    await expect(
      morpho.connect(borrower).borrow(market.params, parseUnits("2581", 6), 0n, borrower.address, borrower.address),
    ).to.be.revertedWith("insufficient collateral");
  });

  it("liquidates a borrower after the price drops", async function () {
    const { stack, borrower, liquidator, morpho, market } = await networkHelpers.loadFixture(borrowerFixture);
    const collateral = parseUnits("10", 18);
    await stack.tokens.weth.mint(borrower.address, collateral);
    await morpho.connect(borrower).supplyCollateral(market.params, collateral, borrower.address, "0x");
    // 80% LTV at 3000 USD: healthy. At 2700 USD it is 88.9% > 86%: liquidatable.
    await morpho.connect(borrower).borrow(market.params, parseUnits("24000", 6), 0n, borrower.address, borrower.address);
    await expect(
      morpho.connect(liquidator).liquidate(market.params, borrower.address, parseUnits("1", 18), 0n, "0x"),
    ).to.be.revertedWith("position is healthy");

    await moveMarket(stack, 2700);
    await stack.tokens.usdc.mint(liquidator.address, parseUnits("100000", 6));
    const seized = parseUnits("5", 18);
    await morpho.connect(liquidator).liquidate(market.params, borrower.address, seized, 0n, "0x");

    expect(await stack.tokens.weth.balanceOf(liquidator.address)).to.equal(seized);
    const position = await morpho.position(market.id, borrower.address);
    expect(position.collateral).to.equal(collateral - seized);
  });
});
