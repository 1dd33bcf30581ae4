import { expect } from "chai";
import { parseUnits } from "ethers";

import { moveMarket, type LocalStackWithAave } from "../../scripts/stack/deploy-local-stack.js";
import { deployAaveV3Vault, deployVaultLibraries } from "../../scripts/vault/deploy-vault.js";
import { ethers, localStackWithAaveFixture, networkHelpers } from "../fixtures/local-stack.js";

const Action = { None: 0n, Rebalance: 1n, Iterate: 2n, Emergency: 3n } as const;

/** The stack with Aave v3, a long and an inverse Aave vault, and a funded depositor. */
async function aaveVaultsFixture() {
  const stack = (await localStackWithAaveFixture()) as LocalStackWithAave;
  const [owner, keeper, alice] = await ethers.getSigners();
  const libraries = await deployVaultLibraries(ethers, owner);
  const common = { owner: owner.address, guardian: owner.address, keeper: keeper.address, libraries };
  const long = await deployAaveV3Vault(ethers, stack, { ...common, kind: "long" });
  const inverse = await deployAaveV3Vault(ethers, stack, { ...common, kind: "inverse" });
  await stack.tokens.weth.mint(alice.address, parseUnits("1000", 18));
  await stack.tokens.usdc.mint(alice.address, parseUnits("3000000", 6));
  await stack.tokens.weth.connect(alice).approve(await long.vault.getAddress(), ethers.MaxUint256);
  await stack.tokens.usdc.connect(alice).approve(await inverse.vault.getAddress(), ethers.MaxUint256);
  return { stack, owner, keeper, alice, long, inverse };
}

const leverageOf = (leverage: bigint) => Number(leverage) / 1e18;

/** `actual` within `tolerance` of `expected` (plain numbers; chai's closeTo is bigint-only here). */
function expectNear(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).to.be.at.most(tolerance);
}

// The first slice of the Aave v3 market: the same core and venue on the real Aave v3 pool. The whole
// vault suite parametrised by market is the rest of that issue.
for (const kind of ["long", "inverse"] as const) {
  describe(`AaveV3LeveragedVault (${kind}) on the real Aave v3 pool`, function () {
    const deposit = kind === "long" ? parseUnits("10", 18) : parseUnits("30000", 6);
    // Up for a long vault takes leverage down (lever up), and the reverse for an inverse vault.
    // A 2x inverse vault needs a larger move to leave its ±0.2x band downward (ETH −10% takes it to 1.82x).
    const [leverUpPrice, leverDownPrice] = kind === "long" ? [3400, 2700] : [2600, 3400];

    async function depositedFixture() {
      const f = await networkHelpers.loadFixture(aaveVaultsFixture);
      const { vault } = f[kind];
      await (await vault.connect(f.alice).deposit(deposit, f.alice.address)).wait();
      return { ...f, vault, market: f[kind].market };
    }

    it("a deposit levers to the target in the same transaction and mints shares on the realised equity", async function () {
      const { vault, alice } = await depositedFixture();
      const state = await vault.positionState();
      expectNear(leverageOf(state.leverage), 2, 0.01);
      expect(await vault.balanceOf(alice.address)).to.be.gt(0n);
      // Equity is the deposit less the swap's cost: at most the 1% slippage bound.
      expect(state.equity).to.be.lte(deposit);
      expect(state.equity).to.be.gte((deposit * 99n) / 100n);
    });

    it("reads the live Aave LTVs: borrow limit below liquidation, both from the reserve configuration", async function () {
      const { vault } = await depositedFixture();
      const [borrowLeverage, liquidationLeverage] = [await vault.borrowLeverage(), await vault.liquidationLeverage()];
      // WETH reserve: LTV 80% (5x), threshold 82.5% (5.71x); USDC reserve: 75% (4x), 78% (4.55x).
      const [borrowLtv, threshold] = kind === "long" ? [0.8, 0.825] : [0.75, 0.78];
      expectNear(leverageOf(borrowLeverage), 1 / (1 - borrowLtv), 1e-9);
      expectNear(leverageOf(liquidationLeverage), 1 / (1 - threshold), 1e-9);
    });

    it("a keeper brings the vault back in band after the market moves either way", async function () {
      for (const price of [leverUpPrice, leverDownPrice]) {
        const { vault, stack, keeper } = await depositedFixture();
        await moveMarket(stack, price);
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Rebalance);
        expect(await vault.canRebalance(keeper.address)).to.equal(true);
        await (await vault.connect(keeper).rebalance()).wait();
        expectNear(leverageOf((await vault.positionState()).leverage), 2, 0.01);
      }
    });

    it("redeeming every share repays the debt (all but the virtual shares' dust) and pays the holder out", async function () {
      const { vault, alice } = await depositedFixture();
      const debtBefore = (await vault.positionState()).debt;
      const shares = await vault.balanceOf(alice.address);
      const token = await ethers.getContractAt("TestToken", await vault.asset());
      const before = await token.balanceOf(alice.address);
      await (await vault.connect(alice).redeem(shares, alice.address, alice.address)).wait();
      const received = (await token.balanceOf(alice.address)) - before;
      expect(received).to.be.gte((deposit * 98n) / 100n);
      // The virtual shares (decimalsOffset 6) keep their slice, 1e6 / (supply + 1e6) of the position.
      const supplyBefore = shares + 10n ** 6n;
      expect((await vault.positionState()).debt).to.be.at.most((debtBefore * 10n ** 6n) / supplyBefore + 1n);
    });

    it("when Aave governance lowers the liquidation threshold under the vault, its views follow without reverting and an emergency delever becomes due and works", async function () {
      const { vault, stack, market } = await depositedFixture();
      const asset = await vault.asset();
      const reserve = kind === "long" ? stack.aave.reserves.weth : stack.aave.reserves.usdc;
      // Threshold 55%: liquidation at 2.22x, so the emergency threshold in force is 90% of it, 2.0x.
      await (await stack.aave.poolConfigurator.configureReserveAsCollateral(asset, 5000, 5500, reserve.risk.liquidationBonus)).wait();
      expectNear(leverageOf(await vault.liquidationLeverage()), 1 / 0.45, 1e-9);
      await moveMarket(stack, leverDownPrice);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);
      expect(status.emergencyLeverage).to.be.lte((await vault.liquidationLeverage()) * 9n / 10n);
      expect(status.targetLeverage).to.be.lt(status.emergencyLeverage);
      expect(await vault.maxDeposit(ethers.ZeroAddress)).to.equal(0n);
      const [, , , anyone] = await ethers.getSigners();
      expect(await vault.canRebalance(anyone.address)).to.equal(true);
      await (await vault.connect(anyone).rebalance()).wait();
      expect((await vault.positionState()).leverage).to.be.lt(status.leverage);
      expect(await market.getAddress()).to.equal(await vault.getAddress());
    });
  });
}
