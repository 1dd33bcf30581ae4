import { expect } from "chai";
import { parseUnits } from "ethers";

import { AAVE_VARIABLE_RATE } from "../../scripts/stack/deploy-aave.js";
import { connectLocalStack, moveMarket, stackAddresses, toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import { ethers, localStackFixture, localStackWithAaveFixture, networkHelpers } from "../fixtures/local-stack.js";

const WAD = 10n ** 18n;

async function borrowerFixture() {
  const stack = await localStackWithAaveFixture();
  const [, borrower, liquidator, stranger] = await ethers.getSigners();
  const { pool } = stack.aave;
  for (const account of [borrower, liquidator]) {
    for (const token of [stack.tokens.weth, stack.tokens.usdc]) {
      await token.connect(account).approve(await pool.getAddress(), ethers.MaxUint256);
    }
  }
  const [weth, usdc] = [await stack.tokens.weth.getAddress(), await stack.tokens.usdc.getAddress()];
  return { stack, borrower, liquidator, stranger, pool, weth, usdc };
}

/** The borrower supplies `wethAmount` WETH and borrows `usdcAmount` USDC at the variable rate. */
async function openPosition(fixture: Awaited<ReturnType<typeof borrowerFixture>>, wethAmount: string, usdcAmount: string) {
  const { stack, borrower, pool, weth, usdc } = fixture;
  await stack.tokens.weth.mint(borrower.address, parseUnits(wethAmount, 18));
  await pool.connect(borrower).getFunction("supply")(weth, parseUnits(wethAmount, 18), borrower.address, 0);
  await pool.connect(borrower).getFunction("borrow")(usdc, parseUnits(usdcAmount, 6), AAVE_VARIABLE_RATE, 0, borrower.address);
}

describe("local stack: Aave v3", function () {
  it("supplies WETH, borrows USDC at the variable rate, repays it all with interest and withdraws", async function () {
    const fixture = await networkHelpers.loadFixture(borrowerFixture);
    const { stack, borrower, pool, weth, usdc } = fixture;
    const { aToken } = stack.aave.reserves.weth;
    const { variableDebtToken } = stack.aave.reserves.usdc;
    await openPosition(fixture, "10", "15000");
    expect(await stack.tokens.usdc.balanceOf(borrower.address)).to.equal(parseUnits("15000", 6));
    expect(await aToken.balanceOf(borrower.address)).to.equal(parseUnits("10", 18));
    expect(await variableDebtToken.balanceOf(borrower.address)).to.equal(parseUnits("15000", 6));

    await networkHelpers.time.increase(30 * 24 * 3600);
    const owed = await variableDebtToken.balanceOf(borrower.address);
    expect(owed).to.be.greaterThan(parseUnits("15000", 6));

    await stack.tokens.usdc.mint(borrower.address, parseUnits("1000", 6));
    await pool.connect(borrower).getFunction("repay")(usdc, ethers.MaxUint256, AAVE_VARIABLE_RATE, borrower.address);
    expect(await variableDebtToken.balanceOf(borrower.address)).to.equal(0n);
    await pool.connect(borrower).getFunction("withdraw")(weth, ethers.MaxUint256, borrower.address);
    expect(await aToken.balanceOf(borrower.address)).to.equal(0n);
    expect(await stack.tokens.weth.balanceOf(borrower.address)).to.equal(parseUnits("10", 18));
    // The repay paid the 15,000 borrowed, plus at least the month of interest read a block earlier.
    const paid = parseUnits("16000", 6) - (await stack.tokens.usdc.balanceOf(borrower.address));
    expect(paid).to.be.at.least(owed);
    expect(paid).to.be.lessThan(owed + parseUnits("0.01", 6));
  });

  it("refuses a borrow above the reserve LTV though below the liquidation threshold ('36')", async function () {
    const fixture = await networkHelpers.loadFixture(borrowerFixture);
    const { stack, borrower, pool, weth, usdc } = fixture;
    await stack.tokens.weth.mint(borrower.address, parseUnits("1", 18));
    await pool.connect(borrower).getFunction("supply")(weth, parseUnits("1", 18), borrower.address, 0);
    // 1 WETH at 3000 USD: 80% LTV lends up to 2400 USDC; the 82.5% threshold would allow 2475.
    const borrow = (usdc_: string) =>
      pool.connect(borrower).getFunction("borrow")(usdc, parseUnits(usdc_, 6), AAVE_VARIABLE_RATE, 0, borrower.address);
    await expect(borrow("2401")).to.be.revertedWith("36");
    await borrow("2399");
  });

  it("prices reserves through the AaveOracle reading the stack's settable feeds", async function () {
    const { stack, weth, usdc } = await networkHelpers.loadFixture(borrowerFixture);
    const { oracle } = stack.aave;
    expect(await oracle.getAssetPrice(weth)).to.equal(toFeedAnswer(3000));
    expect(await oracle.getAssetPrice(usdc)).to.equal(toFeedAnswer(1));
    await moveMarket(stack, 2500);
    expect(await oracle.getAssetPrice(weth)).to.equal(toFeedAnswer(2500));
  });

  it("liquidates a borrower once a price drop takes the health factor below 1", async function () {
    const fixture = await networkHelpers.loadFixture(borrowerFixture);
    const { stack, borrower, liquidator, pool, weth, usdc } = fixture;
    // 79.7% LTV at 3000 USD; at 2850 USD it is 83.9%, above the 82.5% threshold.
    await openPosition(fixture, "10", "23900");
    await stack.tokens.usdc.mint(liquidator.address, parseUnits("100000", 6));
    const liquidate = () =>
      pool.connect(liquidator).getFunction("liquidationCall")(weth, usdc, borrower.address, parseUnits("5000", 6), false);
    await expect(liquidate()).to.be.revertedWith("45");

    await moveMarket(stack, 2850);
    const [, , , , , healthFactor] = await pool.getUserAccountData(borrower.address);
    expect(healthFactor).to.be.lessThan(WAD);
    await liquidate();
    // 5000 USDC of debt at 2850 USD/WETH plus the 5% bonus.
    const expectedSeized = (parseUnits("5000", 18) * 105n) / 100n / 2850n;
    const seized = await stack.tokens.weth.balanceOf(liquidator.address);
    expect(seized).to.be.closeTo(expectedSeized, expectedSeized / 10_000n);
  });

  it("lets governance lower the liquidation threshold under a live position through the PoolConfigurator", async function () {
    const fixture = await networkHelpers.loadFixture(borrowerFixture);
    const { stack, borrower, pool, weth } = fixture;
    await openPosition(fixture, "10", "23900");
    const before = await pool.getUserAccountData(borrower.address);
    expect(before.currentLiquidationThreshold).to.equal(8250n);
    expect(before.healthFactor).to.be.greaterThan(WAD);

    const { liquidationBonus } = stack.aave.reserves.weth.risk;
    await stack.aave.poolConfigurator.configureReserveAsCollateral(weth, 7500, 7900, liquidationBonus);

    const after = await pool.getUserAccountData(borrower.address);
    expect(after.currentLiquidationThreshold).to.equal(7900n);
    expect(after.ltv).to.equal(7500n);
    // 30,000 USD of collateral at 79% covers 23,700 USD: less than the 23,900 owed.
    expect(after.healthFactor).to.be.lessThan(WAD);
  });

  it("lets only a pool or risk admin change a reserve's risk parameters ('4')", async function () {
    const { stack, stranger, weth } = await networkHelpers.loadFixture(borrowerFixture);
    const configurator = stack.aave.poolConfigurator.connect(stranger) as typeof stack.aave.poolConfigurator;
    await expect(configurator.getFunction("setSupplyCap")(weth, 1)).to.be.revertedWith("4");
    const { aclManager } = stack.aave;
    const deployer = await stack.signer.getAddress();
    expect(await aclManager.isPoolAdmin(deployer)).to.equal(true);
    expect(await aclManager.isRiskAdmin(deployer)).to.equal(true);
  });

  it("enforces the supply cap ('51') and the borrow cap ('50')", async function () {
    const fixture = await networkHelpers.loadFixture(borrowerFixture);
    const { stack, borrower, pool, weth, usdc } = fixture;
    // The liquidity provider supplied 30,000 WETH; a cap of 30,005 leaves room for 5.
    await stack.aave.poolConfigurator.setSupplyCap(weth, 30_005);
    await stack.tokens.weth.mint(borrower.address, parseUnits("10", 18));
    const supply = (amount: string) => pool.connect(borrower).getFunction("supply")(weth, parseUnits(amount, 18), borrower.address, 0);
    await expect(supply("6")).to.be.revertedWith("51");
    await supply("5");

    await stack.aave.poolConfigurator.setBorrowCap(usdc, 1000);
    const borrow = (amount: string) =>
      pool.connect(borrower).getFunction("borrow")(usdc, parseUnits(amount, 6), AAVE_VARIABLE_RATE, 0, borrower.address);
    await expect(borrow("1001")).to.be.revertedWith("50");
    await borrow("1000");
  });

  it("has the configured risk parameters, caps and borrowing enabled on both reserves", async function () {
    const { stack, pool, weth, usdc } = await networkHelpers.loadFixture(borrowerFixture);
    for (const [asset, reserve] of [
      [weth, stack.aave.reserves.weth],
      [usdc, stack.aave.reserves.usdc],
    ] as const) {
      const configuration: bigint = (await pool.getConfiguration(asset)).data;
      const field = (start: bigint, bits: bigint) => (configuration >> start) & ((1n << bits) - 1n);
      expect(field(0n, 16n)).to.equal(BigInt(reserve.risk.ltv));
      expect(field(16n, 16n)).to.equal(BigInt(reserve.risk.liquidationThreshold));
      expect(field(32n, 16n)).to.equal(BigInt(reserve.risk.liquidationBonus));
      expect(field(58n, 1n)).to.equal(1n); // borrowing enabled
      expect(field(80n, 36n)).to.equal(BigInt(reserve.risk.borrowCap));
      expect(field(116n, 36n)).to.equal(BigInt(reserve.risk.supplyCap));
    }
    expect(stack.aave.reserves.weth.risk).to.include({ ltv: 8000, liquidationThreshold: 8250 });
    expect(stack.aave.reserves.usdc.risk).to.include({ ltv: 7500, liquidationThreshold: 7800 });
  });
});

describe("local stack: recorded addresses", function () {
  it("records the Aave deployment with the stack's addresses and reconnects to it", async function () {
    const { stack, weth } = await networkHelpers.loadFixture(borrowerFixture);
    const recorded = JSON.parse(JSON.stringify(await stackAddresses(stack)));
    const reconnected = await connectLocalStack(ethers, recorded);
    expect(reconnected.aave).to.not.equal(undefined);
    expect(await reconnected.aave!.pool.getAddress()).to.equal(await stack.aave.pool.getAddress());
    expect(await reconnected.aave!.oracle.getAssetPrice(weth)).to.equal(toFeedAnswer(3000));
    expect(reconnected.aave!.reserves.usdc.risk).to.deep.equal(stack.aave.reserves.usdc.risk);
  });

  it("leaves Aave out of a stack deployed without the option", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    expect(stack.aave).to.equal(undefined);
    expect(await stackAddresses(stack)).to.not.have.property("aave");
  });
});

describe("local stack: raw Aave + Uniswap leverage baseline", function () {
  async function baselineFixture() {
    const stack = await localStackWithAaveFixture();
    const [deployer, user] = await ethers.getSigners();
    const baseline = await (await ethers.getContractFactory("RawAaveLeverageBaseline", deployer)).deploy(
      await stack.aave.pool.getAddress(),
      await stack.uniswap.pool.getAddress(),
      await stack.tokens.weth.getAddress(),
      await stack.tokens.usdc.getAddress(),
    );
    await stack.tokens.weth.mint(user.address, parseUnits("10", 18));
    await stack.tokens.weth.connect(user).approve(await baseline.getAddress(), ethers.MaxUint256);
    return { stack, baseline, user };
  }

  it("levers up to 2x in one swap whose callback supplies and borrows, and levers back down", async function () {
    const { stack, baseline, user } = await networkHelpers.loadFixture(baselineFixture);
    const baselineAddress = await baseline.getAddress();
    const { aToken } = stack.aave.reserves.weth;
    const { variableDebtToken } = stack.aave.reserves.usdc;

    await baseline.connect(user).deposit(parseUnits("10", 18), parseUnits("10", 18));
    expect(await aToken.balanceOf(baselineAddress)).to.equal(parseUnits("20", 18));
    // 10 WETH bought at about 3000 USD plus the 0.05% fee and the price impact.
    const debt: bigint = await variableDebtToken.balanceOf(baselineAddress);
    expect(debt).to.be.greaterThan(parseUnits("30000", 6));
    expect(debt).to.be.lessThan(parseUnits("30100", 6));

    await baseline.connect(user).leverDown(parseUnits("15000", 6));
    const debtAfter: bigint = await variableDebtToken.balanceOf(baselineAddress);
    expect(debtAfter).to.be.closeTo(debt - parseUnits("15000", 6), parseUnits("1", 6));
    expect(await aToken.balanceOf(baselineAddress)).to.be.lessThan(parseUnits("15.1", 18));
  });
});
