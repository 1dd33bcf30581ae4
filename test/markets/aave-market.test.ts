import { expect } from "chai";
import { parseUnits, type Signer } from "ethers";

import { AAVE_VARIABLE_RATE } from "../../scripts/stack/deploy-aave.js";
import type { LocalStackWithAave } from "../../scripts/stack/deploy-local-stack.js";
import type { AaveV3MarketHarness, TestToken } from "../../types/ethers-contracts/index.js";
import { ethers, localStackWithAaveFixture, networkHelpers } from "../fixtures/local-stack.js";

/**
 * The AaveV3Market hooks against the real Aave v3 pool, driven through AaveV3MarketHarness, which
 * holds the position itself exactly as a vault would.
 */

const WAD = 10n ** 18n;

async function harnessFixture() {
  const stack = await localStackWithAaveFixture();
  const [deployer, receiver, otherBorrower, stranger] = await ethers.getSigners();
  const { weth, usdc } = stack.tokens;
  const pool = await stack.aave.pool.getAddress();
  const libraries = { AaveV3Capacity: await (await ethers.deployContract("AaveV3Capacity")).getAddress() };
  const deployHarness = async (collateral: TestToken, debt: TestToken) => {
    const harness = await (await ethers.getContractFactory("AaveV3MarketHarness", { signer: deployer, libraries })).deploy(
      pool,
      await collateral.getAddress(),
      await debt.getAddress(),
    );
    await harness.waitForDeployment();
    return harness as unknown as AaveV3MarketHarness;
  };
  for (const token of [weth, usdc]) await token.connect(otherBorrower).approve(pool, ethers.MaxUint256);
  return {
    stack,
    receiver,
    otherBorrower,
    stranger,
    /** WETH collateral, USDC debt: a long vault's position. */
    long: await deployHarness(weth, usdc),
    /** USDC collateral, WETH debt: an inverse vault's position. */
    inverse: await deployHarness(usdc, weth),
  };
}

/** Another account supplies `collateral` and borrows `debt` at the variable rate, so interest accrues. */
async function borrowElsewhere(stack: LocalStackWithAave, borrower: Signer, collateral: TestToken, supplied: bigint, debt: TestToken, borrowed: bigint) {
  const address = await borrower.getAddress();
  await collateral.mint(address, supplied);
  const pool = stack.aave.pool.connect(borrower) as typeof stack.aave.pool;
  await pool.getFunction("supply")(await collateral.getAddress(), supplied, address, 0);
  await pool.getFunction("borrow")(await debt.getAddress(), borrowed, AAVE_VARIABLE_RATE, 0, address);
}

const directions = [
  { name: "long (WETH collateral, USDC debt)", side: "long", collateral: "weth", debt: "usdc", supplied: "10", borrowed: "15000", decimals: [18, 6] },
  { name: "inverse (USDC collateral, WETH debt)", side: "inverse", collateral: "usdc", debt: "weth", supplied: "30000", borrowed: "5", decimals: [6, 18] },
] as const;

describe("AaveV3Market hooks on the real Aave v3 pool", function () {
  it("rejects an asset the pool does not list, or the same asset on both sides", async function () {
    const { stack } = await networkHelpers.loadFixture(harnessFixture);
    const unlisted = await (await ethers.getContractFactory("TestToken")).deploy("Unlisted", "UNL", 18);
    const libraries = { AaveV3Capacity: await (await ethers.deployContract("AaveV3Capacity")).getAddress() };
    const factory = await ethers.getContractFactory("AaveV3MarketHarness", { libraries });
    const [pool, weth] = [await stack.aave.pool.getAddress(), await stack.tokens.weth.getAddress()];
    await expect(factory.deploy(pool, weth, await unlisted.getAddress()))
      .to.be.revertedWithCustomError(factory, "AaveReserveNotListed")
      .withArgs(await unlisted.getAddress());
    await expect(factory.deploy(pool, weth, weth)).to.be.revertedWithCustomError(factory, "AaveReserveNotListed");
  });

  for (const direction of directions) {
    describe(direction.name, function () {
      const supplied = parseUnits(direction.supplied, direction.decimals[0]);
      const borrowed = parseUnits(direction.borrowed, direction.decimals[1]);

      async function openFixture() {
        const fixture = await harnessFixture();
        const harness = fixture[direction.side];
        const collateral = fixture.stack.tokens[direction.collateral];
        const debt = fixture.stack.tokens[direction.debt];
        await collateral.mint(await harness.getAddress(), supplied);
        await harness.supplyCollateral(supplied);
        await harness.borrow(borrowed, fixture.receiver.address);
        return { ...fixture, harness, collateral, debt };
      }

      it("supplies collateral and borrows at the variable rate, forwarding the loan to the receiver", async function () {
        const { harness, debt, receiver, stack } = await networkHelpers.loadFixture(openFixture);
        const [collateralHeld, debtOwed] = await harness.position();
        expect(collateralHeld).to.equal(supplied);
        expect(debtOwed).to.equal(borrowed);
        expect(await debt.balanceOf(receiver.address)).to.equal(borrowed);
        expect(await debt.balanceOf(await harness.getAddress())).to.equal(0n);
        const reserve = stack.aave.reserves[direction.debt];
        expect(await reserve.variableDebtToken.balanceOf(await harness.getAddress())).to.equal(borrowed);
        expect(await reserve.stableDebtToken.balanceOf(await harness.getAddress())).to.equal(0n);
      });

      it("repays part of the debt, then all of it with an amount above the debt, then withdraws to a receiver", async function () {
        const { harness, collateral, debt, receiver } = await networkHelpers.loadFixture(openFixture);
        const harnessAddress = await harness.getAddress();
        await debt.mint(harnessAddress, borrowed * 2n);
        await harness.repay(borrowed / 2n);
        const [, half] = await harness.position();
        // Half the loan, plus a few seconds of interest.
        expect(half).to.be.at.least(borrowed - borrowed / 2n);
        expect(half).to.be.lessThan(borrowed - borrowed / 2n + borrowed / 1_000_000n);

        await harness.repay(borrowed * 2n);
        expect((await harness.position())[1]).to.equal(0n);
        const left = await debt.balanceOf(harnessAddress);
        expect(left).to.be.greaterThan(borrowed - borrowed / 1_000_000n); // only the debt was pulled

        await harness.withdrawCollateral(supplied, receiver.address);
        expect(await collateral.balanceOf(receiver.address)).to.equal(supplied);
        expect((await harness.position())[0]).to.equal(0n);
      });

      it("reads the debt with interest to this block, exactly what repaying it clears in the same block", async function () {
        const { harness, debt, stack } = await networkHelpers.loadFixture(openFixture);
        const harnessAddress = await harness.getAddress();
        const debtAsset = await debt.getAddress();
        await networkHelpers.time.increase(365 * 24 * 3600);
        const lastUpdate = (await stack.aave.pool.getReserveData(debtAsset)).lastUpdateTimestamp;
        const [, projected] = await harness.position();
        expect(projected).to.be.greaterThan(borrowed); // a year of interest, with no accrual transaction
        expect((await stack.aave.pool.getReserveData(debtAsset)).lastUpdateTimestamp).to.equal(lastUpdate);

        await debt.mint(harnessAddress, borrowed * 2n);
        const before = await debt.balanceOf(harnessAddress);
        const receipt = await (await harness.repayDebtAsRead()).wait();
        const event = harness.interface.parseLog(receipt!.logs.find((log) => log.address === harnessAddress)!)!;
        const [debtRead, debtLeft] = event.args;
        expect(debtRead).to.be.at.least(projected);
        expect(debtLeft).to.equal(0n);
        expect(before - (await debt.balanceOf(harnessAddress))).to.equal(debtRead);
      });
    });
  }

  it("reads the collateral with its supply interest while others borrow it", async function () {
    const { stack, long, otherBorrower } = await networkHelpers.loadFixture(harnessFixture);
    const { weth, usdc } = stack.tokens;
    await weth.mint(await long.getAddress(), parseUnits("10", 18));
    await long.supplyCollateral(parseUnits("10", 18));
    await borrowElsewhere(stack, otherBorrower, usdc, parseUnits("100000000", 6), weth, parseUnits("20000", 18));
    await networkHelpers.time.increase(365 * 24 * 3600);
    const [collateral] = await long.position();
    expect(collateral).to.equal(await stack.aave.reserves.weth.aToken.balanceOf(await long.getAddress()));
    expect(collateral).to.be.greaterThan(parseUnits("10", 18));
  });

  it("reads the live LTV and liquidation threshold of the collateral reserve, in WAD", async function () {
    const { long, inverse } = await networkHelpers.loadFixture(harnessFixture);
    expect(await long.borrowLtv()).to.equal(parseUnits("0.8", 18));
    expect(await long.liquidationLtv()).to.equal(parseUnits("0.825", 18));
    expect(await inverse.borrowLtv()).to.equal(parseUnits("0.75", 18));
    expect(await inverse.liquidationLtv()).to.equal(parseUnits("0.78", 18));
  });

  describe("borrow capacity", function () {
    it("is the debt reserve's liquidity when there is no borrow cap", async function () {
      const { stack, long } = await networkHelpers.loadFixture(harnessFixture);
      const { usdc } = stack.tokens;
      await stack.aave.poolConfigurator.setBorrowCap(await usdc.getAddress(), 0);
      const liquidity = await usdc.balanceOf(await stack.aave.reserves.usdc.aToken.getAddress());
      expect(liquidity).to.equal(parseUnits("100000000", 6));
      expect(await long.borrowCapacity()).to.equal(liquidity);
    });

    it("is the room under the borrow cap with interest to this block: exactly it passes, one unit more reverts '50'", async function () {
      const { stack, long, otherBorrower } = await networkHelpers.loadFixture(harnessFixture);
      const { weth, usdc } = stack.tokens;
      await borrowElsewhere(stack, otherBorrower, weth, parseUnits("20", 18), usdc, parseUnits("20000", 6));
      await networkHelpers.time.increase(90 * 24 * 3600);
      await stack.aave.poolConfigurator.setBorrowCap(await usdc.getAddress(), 25_000);
      const capacity = await long.borrowCapacity();
      // 5,000 USDC of room, less the interest the 20,000 borrowed accrued.
      expect(capacity).to.be.lessThan(parseUnits("5000", 6));
      expect(capacity).to.be.greaterThan(parseUnits("4900", 6));

      await weth.mint(await long.getAddress(), parseUnits("10", 18));
      await long.supplyCollateral(parseUnits("10", 18));
      await expect(long.borrowCapacityPlus(1, await long.getAddress())).to.be.revertedWith("50");
      await long.borrowCapacityPlus(0, await long.getAddress());
      // Interest keeps accruing past the cap; the view clamps at zero.
      await networkHelpers.time.increase(24 * 3600);
      expect(await long.borrowCapacity()).to.equal(0n);
    });
  });

  describe("supply capacity", function () {
    it("is unbounded when there is no supply cap", async function () {
      const { stack, long } = await networkHelpers.loadFixture(harnessFixture);
      await stack.aave.poolConfigurator.setSupplyCap(await stack.tokens.weth.getAddress(), 0);
      expect(await long.supplyCapacity()).to.equal(ethers.MaxUint256);
    });

    it("is the room under the supply cap once the treasury's share accrues: exactly it passes, one unit more is refused by Aave ('51') and reverts SupplyCapExceeded naming the room", async function () {
      const { stack, long, otherBorrower } = await networkHelpers.loadFixture(harnessFixture);
      const { weth, usdc } = stack.tokens;
      // Borrowed WETH earns suppliers interest, and the 15% reserve factor credits the treasury.
      await borrowElsewhere(stack, otherBorrower, usdc, parseUnits("100000000", 6), weth, parseUnits("20000", 18));
      await networkHelpers.time.increase(90 * 24 * 3600);
      // A cap 50 WETH above what the aTokens count now (30,000 supplied plus suppliers' interest).
      const aTokenSupply: bigint = await stack.aave.reserves.weth.aToken.totalSupply();
      const cap = aTokenSupply / WAD + 50n;
      await stack.aave.poolConfigurator.setSupplyCap(await weth.getAddress(), cap);
      const naiveRoom = cap * WAD - aTokenSupply;
      const capacity = await long.supplyCapacity();
      // Aave also counts the treasury's share of the interest (not in the aTokens' supply): less room.
      expect(capacity).to.be.lessThan(naiveRoom - parseUnits("1", 18));
      expect(capacity).to.be.greaterThan(parseUnits("10", 18));

      await weth.mint(await long.getAddress(), parseUnits("100", 18));
      // The room is read again in the transaction's own block, so the error names it as Aave saw it.
      const refused = await long.supplyCapacityPlus(1).then(
        () => undefined,
        (error: { data?: string }) => long.interface.parseError(error.data ?? "0x"),
      );
      expect(refused?.name).to.equal("SupplyCapExceeded");
      expect(refused!.args.amount).to.equal(refused!.args.room + 1n);
      expect(refused!.args.room).to.be.greaterThan(parseUnits("10", 18));
      await long.supplyCapacityPlus(0);
      await networkHelpers.time.increase(24 * 3600);
      expect(await long.supplyCapacity()).to.equal(0n);
    });
  });

  describe("governance changes under a live position", function () {
    async function liveFixture() {
      const fixture = await harnessFixture();
      const { stack, long, receiver } = fixture;
      await stack.tokens.weth.mint(await long.getAddress(), parseUnits("10", 18));
      await long.supplyCollateral(parseUnits("10", 18));
      // 79.7% loan-to-value at 3000 USD: within the 80% LTV.
      await long.borrow(parseUnits("23900", 6), receiver.address);
      return fixture;
    }

    it("follows a lowered liquidation threshold and LTV, and Aave then refuses to withdraw ('35')", async function () {
      const { stack, long, receiver } = await networkHelpers.loadFixture(liveFixture);
      const weth = await stack.tokens.weth.getAddress();
      await stack.aave.poolConfigurator.configureReserveAsCollateral(weth, 7500, 7900, stack.aave.reserves.weth.risk.liquidationBonus);
      expect(await long.liquidationLtv()).to.equal(parseUnits("0.79", 18));
      expect(await long.borrowLtv()).to.equal(parseUnits("0.75", 18));
      const [collateral, debt] = await long.position();
      expect(collateral).to.equal(parseUnits("10", 18));
      expect(debt).to.be.at.least(parseUnits("23900", 6));
      expect(await long.borrowCapacity()).to.be.greaterThan(0n);
      expect(await long.supplyCapacity()).to.be.greaterThan(0n);
      const [, , , , , healthFactor] = await stack.aave.pool.getUserAccountData(await long.getAddress());
      expect(healthFactor).to.be.lessThan(WAD);
      await expect(long.withdrawCollateral(parseUnits("0.01", 18), receiver.address)).to.be.revertedWith("35");
      await expect(long.borrow(parseUnits("1", 6), receiver.address)).to.be.revertedWith("35");
    });

    it("reads zero capacity, without reverting, when caps are lowered below what is used", async function () {
      const { stack, long } = await networkHelpers.loadFixture(liveFixture);
      const { poolConfigurator } = stack.aave;
      await poolConfigurator.setSupplyCap(await stack.tokens.weth.getAddress(), 1);
      await poolConfigurator.setBorrowCap(await stack.tokens.usdc.getAddress(), 1);
      expect(await long.supplyCapacity()).to.equal(0n);
      expect(await long.borrowCapacity()).to.equal(0n);
      expect((await long.position())[0]).to.equal(parseUnits("10", 18));
    });

    it("reads zero capacity while a reserve is frozen or paused, or its borrowing is off", async function () {
      const { stack, long } = await networkHelpers.loadFixture(liveFixture);
      const { poolConfigurator } = stack.aave;
      const [weth, usdc] = [await stack.tokens.weth.getAddress(), await stack.tokens.usdc.getAddress()];
      const opened = { supply: await long.supplyCapacity(), borrow: await long.borrowCapacity() };
      expect(opened.supply).to.be.greaterThan(0n);
      expect(opened.borrow).to.be.greaterThan(0n);

      await poolConfigurator.setReserveFreeze(weth, true);
      expect(await long.supplyCapacity()).to.equal(0n);
      await poolConfigurator.setReserveFreeze(weth, false);
      expect(await long.supplyCapacity()).to.equal(opened.supply);

      await poolConfigurator.setReservePause(usdc, true);
      expect(await long.borrowCapacity()).to.equal(0n);
      await poolConfigurator.setReservePause(usdc, false);
      await poolConfigurator.setReserveBorrowing(usdc, false);
      expect(await long.borrowCapacity()).to.equal(0n);
      await expect(long.borrow(parseUnits("1", 6), await long.getAddress())).to.be.revertedWith("30");
    });
  });

  describe("Aave's numeric error codes surface through the hooks", function () {
    it("'36' for a borrow above the reserve LTV, though below the liquidation threshold", async function () {
      const { stack, long, receiver } = await networkHelpers.loadFixture(harnessFixture);
      await stack.tokens.weth.mint(await long.getAddress(), parseUnits("1", 18));
      await long.supplyCollateral(parseUnits("1", 18));
      await expect(long.borrow(parseUnits("2401", 6), receiver.address)).to.be.revertedWith("36");
    });

    it("'35' for a withdrawal that would take the health factor below 1", async function () {
      const { stack, long, receiver } = await networkHelpers.loadFixture(harnessFixture);
      await stack.tokens.weth.mint(await long.getAddress(), parseUnits("1", 18));
      await long.supplyCollateral(parseUnits("1", 18));
      await long.borrow(parseUnits("2000", 6), receiver.address);
      // 2000 USDC needs 2000 / (0.825 * 3000) = 0.808 WETH.
      await expect(long.withdrawCollateral(parseUnits("0.2", 18), receiver.address)).to.be.revertedWith("35");
      await long.withdrawCollateral(parseUnits("0.1", 18), receiver.address);
    });

    it("'39' for repaying when there is no debt, and '32' for withdrawing more than supplied", async function () {
      const { stack, long, receiver } = await networkHelpers.loadFixture(harnessFixture);
      await stack.tokens.usdc.mint(await long.getAddress(), parseUnits("10", 6));
      await expect(long.repay(parseUnits("10", 6))).to.be.revertedWith("39");
      await stack.tokens.weth.mint(await long.getAddress(), parseUnits("1", 18));
      await long.supplyCollateral(parseUnits("1", 18));
      await expect(long.withdrawCollateral(parseUnits("1.1", 18), receiver.address)).to.be.revertedWith("32");
    });
  });
});
