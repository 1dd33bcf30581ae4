/**
 * What only Aave v3 does to a live vault: its governance (`PoolConfigurator`) may lower the
 * liquidation threshold or a cap under the position. Everything both markets share (flows,
 * rebalances, the emergency delever, oracle faults, fairness, invariants, governance of the vault)
 * runs in the per-market suites of this folder; these tests are the Aave-specific part.
 */
import { expect } from "chai";

import type { LocalStackWithAave } from "../../scripts/stack/deploy-local-stack.js";
import {
  Action,
  fundedVaultsFixture,
  kinds,
  lev,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  poolTo,
} from "../fixtures/funded-vaults.js";

for (const kind of kinds) {
  describe(`Aave governance under a live vault (${kind} vault on Aave v3)`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture("aave"));
      const stack = fixture.stack as LocalStackWithAave;
      const { reserves, poolConfigurator } = stack.aave;
      const [collateralReserve, debtReserve] = kind === "long" ? [reserves.weth, reserves.usdc] : [reserves.usdc, reserves.weth];
      return { fixture, stack, poolConfigurator, collateralReserve, debtReserve, ...pick(fixture, kind) };
    }

    /**
     * Mallory sends collateral straight to the vault while the market takes none (deposits are then
     * closed); alice redeems a quarter of her shares, which pays at least its preview, and the donation
     * waits in the vault. Returns the donation.
     */
    async function donateThenRedeemAQuarter({ fixture, vault, collateralToken, scenario }: Awaited<ReturnType<typeof setup>>) {
      const donation = scenario.units(kind === "long" ? 0.01 : 30);
      await (await collateralToken.connect(fixture.mallory).transfer(await vault.getAddress(), donation)).wait();
      expect(await vault.maxDeposit(fixture.carol.address)).to.equal(0n);

      const shares = (await vault.balanceOf(fixture.alice.address)) / 4n;
      const expected = await vault.previewRedeem(shares);
      const before = await collateralToken.balanceOf(fixture.alice.address);
      await (await vault.connect(fixture.alice).redeem(shares, fixture.alice.address, fixture.alice.address)).wait();
      expect((await collateralToken.balanceOf(fixture.alice.address)) - before).to.be.gte(expected);
      expect(await collateralToken.balanceOf(await vault.getAddress())).to.equal(donation);
      return donation;
    }

    it("when the liquidation threshold is lowered, the views follow without reverting and an emergency delever becomes due and works for anyone", async function () {
      const { fixture, vault, scenario, poolConfigurator, collateralReserve } = await setup();
      // Threshold 55%: liquidation at 2.22x, so the emergency threshold in force is 90% of it, 2.0x.
      await (await poolConfigurator.configureReserveAsCollateral(collateralReserve.asset, 5000, 5500, collateralReserve.risk.liquidationBonus)).wait();
      expect(Math.abs(lev(await vault.liquidationLeverage()) - 1 / 0.45)).to.be.below(1e-9);
      expect(Math.abs(lev(await vault.borrowLeverage()) - 2)).to.be.below(1e-9);
      await marketTo(fixture, scenario.leverDownPrice);

      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);
      expect(status.emergencyLeverage).to.be.lte(((await vault.liquidationLeverage()) * 9n) / 10n);
      expect(status.targetLeverage).to.be.lt(status.emergencyLeverage);
      expect(await vault.maxDeposit(fixture.carol.address)).to.equal(0n);
      expect(await vault.canRebalance(fixture.mallory.address)).to.equal(true);
      await (await vault.connect(fixture.mallory).rebalance()).wait();
      expect((await vault.positionState()).leverage).to.be.lt(status.leverage);
    });

    it("when the debt reserve's borrow cap is cut below what is borrowed, maxDeposit is 0, the views answer and holders still redeem", async function () {
      const { fixture, vault, poolConfigurator, debtReserve, collateralToken } = await setup();
      // A cap of 1 whole token: far below the vault's (and the stack's) borrowing.
      await (await poolConfigurator.setBorrowCap(debtReserve.asset, 1)).wait();
      expect(await vault.maxDeposit(fixture.carol.address)).to.equal(0n);
      expect(await vault.maxMint(fixture.carol.address)).to.equal(0n);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.None);
      expect((await vault.positionState()).priceHealthy).to.equal(true);

      const shares = await vault.balanceOf(fixture.alice.address);
      const expected = await vault.previewRedeem(shares);
      const before = await collateralToken.balanceOf(fixture.alice.address);
      await (await vault.connect(fixture.alice).redeem(shares, fixture.alice.address, fixture.alice.address)).wait();
      expect((await collateralToken.balanceOf(fixture.alice.address)) - before).to.be.gte(expected);
    });

    it("when the collateral reserve's supply cap is cut to just above what is supplied, maxDeposit shrinks to fit it and a deposit of maxDeposit passes Aave's cap check", async function () {
      const { fixture, vault, poolConfigurator, collateralReserve, collateralToken, scenario } = await setup();
      const before = await vault.maxDeposit(fixture.carol.address);
      const decimals = await collateralToken.decimals();
      const supplied = (await collateralReserve.aToken.totalSupply()) as bigint;
      // Room for about 2 WETH (6,000 USDC) of collateral: a 2x deposit of about half that fills it.
      const roomTokens = kind === "long" ? 2n : 6000n;
      const cap = supplied / 10n ** decimals + 1n + roomTokens;
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, cap)).wait();

      // maxDeposit holds for the block it is read in (supply interest fills the cap block by block):
      // read it in the context of the block the deposit lands in.
      await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
      const max = await vault.maxDeposit(fixture.carol.address, { blockTag: "pending" });
      expect(max).to.be.gt(0n);
      expect(max).to.be.lt(before);
      expect(max).to.be.lte(scenario.units(kind === "long" ? 2 : 6000));
      await (await vault.connect(fixture.carol).deposit(max, fixture.carol.address)).wait();
      expect(await vault.balanceOf(fixture.carol.address)).to.be.gt(0n);
      // Twice as much would have broken the cap: Aave refuses ("51") and the vault names the room left.
      expect(await vault.maxDeposit(fixture.carol.address)).to.be.lt(max / 10n);
      await expect(vault.connect(fixture.carol).deposit(max, fixture.carol.address)).to.be.revertedWithCustomError(vault, "SupplyCapExceeded")
        // The collateral the deposit supplies (itself plus what it bought), and the room: under a tenth of it.
        .withArgs((amount: bigint) => amount > max, (room: bigint) => room < max / 10n);
    });

    it("when the supply cap binds, a deposit above the vault's own limit is refused naming maxDeposit()'s value, not the limit without the cap", async function () {
      const { fixture, vault, poolConfigurator, collateralReserve, collateralToken } = await setup();
      const withoutCap = await vault.maxDeposit(fixture.carol.address);
      const decimals = await collateralToken.decimals();
      const supplied = (await collateralReserve.aToken.totalSupply()) as bigint;
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, supplied / 10n ** decimals + 1n + (kind === "long" ? 2n : 6000n))).wait();
      const withCap = await vault.maxDeposit(fixture.carol.address);
      expect(withCap).to.be.lt(withoutCap / 10n);
      const tooMuch = withoutCap + 1n;
      // Supply interest moves the room a little from block to block: the named limit is the cap's, within 1%.
      await expect(vault.connect(fixture.carol).deposit(tooMuch, fixture.carol.address))
        .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
        .withArgs(fixture.carol.address, tooMuch, (limit: bigint) => limit <= withCap + withCap / 100n && limit >= withCap - withCap / 100n);
    });

    it("when the collateral reserve's supply cap is full, a donation to the vault blocks neither a redeem nor a rebalance: the donation waits in the vault", async function () {
      const ctx = await setup();
      const { fixture, vault, poolConfigurator, collateralReserve, collateralToken, scenario } = ctx;
      // A cap of one whole token: far below what is supplied, so Aave refuses any supply ("51").
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, 1)).wait();
      const donation = await donateThenRedeemAQuarter(ctx);

      // A delever (it supplies nothing) still runs; the donation still waits.
      await marketTo(fixture, scenario.leverDownPrice);
      await passCooldown(vault);
      await (await vault.connect(fixture.keeper).rebalance()).wait();
      expect(await collateralToken.balanceOf(await vault.getAddress())).to.equal(donation);

      // Once the cap has room, the next flow supplies it for every holder.
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, 0)).wait();
      const assetsBefore = await vault.totalAssets();
      await (await vault.connect(fixture.bob).redeem(1n, fixture.bob.address, fixture.bob.address)).wait();
      expect(await collateralToken.balanceOf(await vault.getAddress())).to.equal(0n);
      expect(await vault.totalAssets()).to.be.gt(assetsBefore);
    });

    it("when the collateral reserve's supply cap is full, a withdraw of maxWithdraw pays exactly, burns no more than its preview, and any collateral it frees beyond the assets waits in the vault", async function () {
      const { fixture, vault, poolConfigurator, collateralReserve, collateralToken, scenario } = await setup();
      // The pool sits 0.4% in the vault's favour (inside the deviation bound): the slice's swap costs
      // less than the fee the slice was sized for, so it frees more collateral than the assets.
      await poolTo(fixture, 3000 * scenario.adverseForBuying(0.004));
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, 1)).wait();
      const vaultAddress = await vault.getAddress();
      for (const account of [fixture.alice, fixture.bob]) {
        // Interest moves the limit a little from block to block: read it at the block the withdraw lands in.
        const assets = await vault.maxWithdraw(account.address, { blockTag: "pending" });
        expect(assets, "maxWithdraw models the full cap: it stays open").to.be.gt(0n);
        const preview = await vault.previewWithdraw(assets, { blockTag: "pending" });
        const [sharesBefore, balanceBefore, strayBefore] = [await vault.balanceOf(account.address), await collateralToken.balanceOf(account.address), await collateralToken.balanceOf(vaultAddress)];
        await (await vault.connect(account).withdraw(assets, account.address, account.address)).wait();
        expect((await collateralToken.balanceOf(account.address)) - balanceBefore).to.equal(assets);
        expect(sharesBefore - (await vault.balanceOf(account.address))).to.be.lte(preview);
        expect(await collateralToken.balanceOf(vaultAddress)).to.be.gte(strayBefore);
      }
      expect(await collateralToken.balanceOf(vaultAddress), "the excess the cap refused waits in the vault").to.be.gt(0n);
      // Once the cap has room, the next flow supplies what waited, for every holder.
      await (await poolConfigurator.setSupplyCap(collateralReserve.asset, 0)).wait();
      await (await vault.connect(fixture.alice).redeem(1n, fixture.alice.address, fixture.alice.address)).wait();
      expect(await collateralToken.balanceOf(vaultAddress)).to.equal(0n);
    });

    it("when the collateral reserve is frozen (Aave takes no supplies), a donation to the vault does not block a redeem", async function () {
      const ctx = await setup();
      await (await ctx.poolConfigurator.setReserveFreeze(ctx.collateralReserve.asset, true)).wait();
      const donation = await donateThenRedeemAQuarter(ctx);
    });

    it("when the reserve LTV is lowered below the vault's leverage, deposits close and the vault delevers to what the market still lends at", async function () {
      const { fixture, vault, poolConfigurator, collateralReserve } = await setup();
      // LTV 40%: Aave lends only up to 1.67x, below the vault's 2x position; the threshold stays.
      await (await poolConfigurator.configureReserveAsCollateral(
        collateralReserve.asset,
        4000,
        collateralReserve.risk.liquidationThreshold,
        collateralReserve.risk.liquidationBonus,
      )).wait();
      const borrowLeverage = await vault.borrowLeverage();
      expect(Math.abs(lev(borrowLeverage) - 1 / 0.6)).to.be.below(1e-9);
      expect(await vault.maxDeposit(fixture.carol.address)).to.equal(0n);

      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Rebalance);
      expect(status.leverUp).to.equal(false);
      expect(status.targetLeverage).to.be.lte(borrowLeverage);
      // Trades no bigger than the pool's fee makes unprofitable to sandwich, one per cooldown, until
      // the vault is within 0.1% of what the market lends at.
      const withinBorrowLimit = async () => (await vault.positionState()).leverage <= borrowLeverage + borrowLeverage / 1000n;
      for (let trades = 0; !(await withinBorrowLimit()); trades++) {
        expect(trades).to.be.below(5);
        await passCooldown(vault);
        await (await vault.connect(fixture.keeper).rebalance()).wait();
      }
      const leverage = (await vault.positionState()).leverage;
      expect(leverage).to.be.lte(borrowLeverage + borrowLeverage / 1000n);
      expect(Math.abs(lev(leverage) - lev(status.targetLeverage))).to.be.below(0.01);

      // Holders can still leave.
      const shares = (await vault.balanceOf(fixture.bob.address)) / 2n;
      await expect(vault.connect(fixture.bob).redeem(shares, fixture.bob.address, fixture.bob.address)).to.emit(vault, "Withdraw");
    });
  });
}
