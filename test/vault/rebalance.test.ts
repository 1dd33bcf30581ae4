import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";

import {
  Action,
  WAD,
  currentOracle,
  currentRisk,
  expectCollateralMoved,
  fundedVaultsFixture,
  kinds,
  lev,
  MARKETS,
  marketCases,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  poolTo,
  rebalancedEvent,
  reduceRisk,
  refreshFeeds,
  revertedWith,
  withBps,
} from "../fixtures/funded-vaults.js";

/** Leverage tolerance of a landed rebalance (0.01x). */
const LANDING = 0.01;

/** Within `tolerance` WAD of `expected` (for `withArgs` predicates). */
const near = (expected: bigint, tolerance: bigint) => (value: bigint) =>
  (value > expected ? value - expected : expected - value) <= tolerance;

for (const market of MARKETS) for (const kind of kinds) {
  describe(`rebalance (${kind} vault on ${marketCases[market].label})`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
      return { fixture, ...pick(fixture, kind) };
    }

    describe("in band", function () {
      it("the view says None and rebalance reverts LeverageInBand", async function () {
        const { fixture, vault } = await setup();
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.None);
        expect(status.leverage).to.be.gte(status.minLeverage).and.lte(status.maxLeverage);
        expect(status.collateralToTrade).to.equal(0n);
        expect(status.nextLeverage).to.equal(status.leverage);
        await expect(vault.connect(fixture.keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "LeverageInBand")
          .withArgs(near(status.leverage, 10n ** 12n), status.minLeverage, status.maxLeverage);
      });
    });

    describe("out of band", function () {
      for (const direction of ["down", "up"] as const) {
        const what = direction === "down" ? "levers down after an adverse move" : "levers up after a favourable move";
        it(`${what} and lands on the target within 0.01x`, async function () {
          const { fixture, vault, scenario } = await setup();
          const price = direction === "down" ? scenario.leverDownPrice : scenario.leverUpPrice;
          await marketTo(fixture, price);
          await passCooldown(vault);

          const status = await vault.rebalanceStatus();
          expect(status.action).to.equal(Action.Rebalance);
          expect(status.leverUp).to.equal(direction === "up");
          if (direction === "down") expect(status.leverage).to.be.gt(status.maxLeverage);
          else expect(status.leverage).to.be.lt(status.minLeverage);
          expect(status.leverage).to.be.lt(status.emergencyLeverage);
          expect(status.collateralToTrade).to.be.gt(0n);
          expect(Math.abs(lev(status.nextLeverage) - lev(status.targetLeverage))).to.be.below(0.001);

          const tx = await vault.connect(fixture.keeper).rebalance();
          const event = await rebalancedEvent(vault, tx);
          expect(event.caller).to.equal(fixture.keeper.address);
          expect(event.action).to.equal(Action.Rebalance);
          expect(Math.abs(lev(event.leverageBefore) - lev(status.leverage))).to.be.below(1e-6);
          expect(Math.abs(lev(event.leverageAfter) - 2)).to.be.below(LANDING);
          const state = await vault.positionState();
          expect(Math.abs(lev(state.leverage) - lev(event.leverageAfter))).to.be.below(1e-6);
          expect(event.reward).to.equal(0n);
        });

        it(`reports what it paid and keeps it within the slippage bound when it ${direction === "down" ? "levers down" : "levers up"}`, async function () {
          const { fixture, vault, scenario } = await setup();
          await marketTo(fixture, direction === "down" ? scenario.leverDownPrice : scenario.leverUpPrice);
          await passCooldown(vault);
          if (direction === "up") {
            // Half the move: a partial lever-up never reaches the target, so only the cost is under test here.
            await reduceRisk(vault, fixture.owner, { maxTradeSize: (await vault.rebalanceStatus()).collateralToTrade / 2n });
          }
          const status = await vault.rebalanceStatus();
          const { maxSlippageBps } = await currentRisk(vault);

          const tx = await vault.connect(fixture.keeper).rebalance();
          await expect(tx)
            .to.emit(vault, "Rebalanced")
            .withArgs(fixture.keeper.address, Action.Rebalance, anyValue, anyValue, anyValue, anyValue, anyValue, 0n);
          const event = await rebalancedEvent(vault, tx);
          expect(event.amountOut).to.be.gt(0n);
          expect(event.oracleImpliedAmountIn).to.be.gt(0n);
          // The pool charges a fee, so the vault pays more than the oracle value, never more than the bound.
          expect(event.amountIn).to.be.gt(event.oracleImpliedAmountIn);
          expect(event.amountIn).to.be.lte(withBps(event.oracleImpliedAmountIn, maxSlippageBps));
          if (direction === "up") {
            // Levering up buys exactly the collateral the view announced.
            expect(event.amountOut).to.equal(status.collateralToTrade);
          }
        });
      }
    });

    describe("recentering speed", function () {
      it("a slower speed set by the owner applies at once, and a rebalance then goes halfway", async function () {
        const { fixture, vault, scenario } = await setup();
        const risk = { ...(await currentRisk(vault)), recenteringSpeedBps: 5000 };
        const oracle = await currentOracle(vault);
        // A slower return to the target adds risk: only the owner (a timelock in production) may make it.
        await expect(vault.connect(fixture.owner).updateParameters(risk, oracle)).to.emit(vault, "ParametersUpdated");
        expect((await currentRisk(vault)).recenteringSpeedBps).to.equal(5000);

        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Rebalance);
        const halfway = (lev(status.leverage) + lev(status.targetLeverage)) / 2;
        expect(Math.abs(lev(status.nextLeverage) - halfway)).to.be.below(0.001);

        const event = await rebalancedEvent(vault, await vault.connect(fixture.keeper).rebalance());
        expect(Math.abs(lev(event.leverageAfter) - halfway)).to.be.below(LANDING);
        // Halfway is still well away from the target.
        expect(lev(event.leverageAfter) - 2).to.be.above(0.05);
      });
    });

    describe("permissions and cooldown", function () {
      it("a caller who is not a keeper cannot run a routine rebalance", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
        expect(await vault.isKeeper(fixture.mallory.address)).to.equal(false);
        await expect(vault.connect(fixture.mallory).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(fixture.mallory.address, 0n);
      });

      it("a second rebalance inside the cooldown reverts RebalanceCooldown and works once it ends", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await vault.connect(fixture.keeper).rebalance();
        const lastRebalanceAt = await vault.lastRebalanceAt();
        expect(lastRebalanceAt).to.equal(BigInt(await networkHelpers.time.latest()));

        // The same relative move again takes the vault out of band again.
        await marketTo(fixture, scenario.leverDownPrice ** 2 / 3000);
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Rebalance);
        const { cooldown } = await currentRisk(vault);
        expect(status.readyAt).to.equal(lastRebalanceAt + BigInt(cooldown));

        await networkHelpers.time.setNextBlockTimestamp(status.readyAt - 1n);
        await expect(vault.connect(fixture.keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceCooldown")
          .withArgs(status.readyAt, status.readyAt - 1n);

        await networkHelpers.time.setNextBlockTimestamp(status.readyAt);
        await expect(vault.connect(fixture.keeper).rebalance()).to.emit(vault, "Rebalanced");
        expect(Math.abs(lev((await vault.positionState()).leverage) - 2)).to.be.below(LANDING);
      });
    });

    describe("large moves iterate", function () {
      for (const direction of ["down", "up"] as const) {
        it(`a ${direction === "down" ? "delever" : "lever-up"} bigger than maxTradeSize runs in maxTradeSize chunks, one per cooldown, and ends on the target`, async function () {
          const { fixture, vault, scenario } = await setup();
          await marketTo(fixture, direction === "down" ? scenario.leverDownPrice : scenario.leverUpPrice);
          await passCooldown(vault);
          const whole = (await vault.rebalanceStatus()).collateralToTrade;
          // Three and a half chunks: four trades.
          const chunk = (whole * 2n) / 7n;
          await reduceRisk(vault, fixture.owner, { maxTradeSize: chunk });
          const expectedTrades = Number((whole + chunk - 1n) / chunk);
          expect(expectedTrades).to.equal(4);

          const first = await vault.rebalanceStatus();
          expect(first.action).to.equal(Action.Rebalance);
          expect(first.collateralToTrade).to.equal(chunk);
          expect(first.leverUp).to.equal(direction === "up");
          const collateralBefore = (await vault.positionState()).collateral;
          const firstEvent = await rebalancedEvent(vault, await vault.connect(fixture.keeper).rebalance());
          expect(firstEvent.action).to.equal(Action.Rebalance);
          const collateralAfter = (await vault.positionState()).collateral;
          if (direction === "up") {
            expect(firstEvent.amountOut).to.equal(chunk);
            expectCollateralMoved(fixture, collateralAfter - collateralBefore, chunk, collateralBefore);
          } else {
            // The vault sells the chunk's oracle worth of debt (rounded to whole debt units) for collateral.
            const gap = firstEvent.oracleImpliedAmountIn > chunk ? firstEvent.oracleImpliedAmountIn - chunk : chunk - firstEvent.oracleImpliedAmountIn;
            expect(gap).to.be.lte(chunk / 10n ** 9n);
            expectCollateralMoved(fixture, collateralBefore - collateralAfter, firstEvent.amountIn, collateralBefore);
          }

          let status = await vault.rebalanceStatus();
          expect(status.action).to.equal(Action.Iterate);
          expect(status.targetLeverage).to.equal(2n * WAD);
          await expect(vault.connect(fixture.keeper).rebalance()).to.be.revertedWithCustomError(vault, "RebalanceCooldown");

          let trades = 1;
          let previous = firstEvent.leverageAfter;
          while (status.action !== Action.None) {
            expect(status.action).to.equal(Action.Iterate);
            expect(trades).to.be.below(10);
            await passCooldown(vault);
            const event = await rebalancedEvent(vault, await vault.connect(fixture.keeper).rebalance());
            expect(event.action).to.equal(Action.Iterate);
            // Every chunk moves toward the target.
            if (direction === "down") expect(event.leverageAfter).to.be.lt(previous);
            else expect(event.leverageAfter).to.be.gt(previous);
            previous = event.leverageAfter;
            trades += 1;
            status = await vault.rebalanceStatus();
          }
          expect(trades).to.equal(expectedTrades);
          expect(Math.abs(lev((await vault.positionState()).leverage) - 2)).to.be.below(LANDING);
        });
      }
    });

    describe("grace period escalation", function () {
      it("after an out-of-band report and the grace period anyone may rebalance, which clears the report", async function () {
        const { fixture, vault, scenario } = await setup();
        const { mallory, carol } = fixture;
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expect(vault.connect(mallory).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(mallory.address, 0n);

        const report = await vault.connect(carol).reportOutOfBand();
        const reportedAt = BigInt((await report.getBlock())!.timestamp);
        await expect(report).to.emit(vault, "OutOfBandReported").withArgs(reportedAt);
        expect(await vault.outOfBandSince()).to.equal(reportedAt);
        const { gracePeriod } = await currentRisk(vault);
        const permissionlessAt = reportedAt + BigInt(gracePeriod);
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(permissionlessAt);

        // Reports within half a grace period of each other continue the episode: they do not restart
        // the clock, and the last one keeps it current until the grace period has passed.
        for (const at of [reportedAt + BigInt(gracePeriod) / 2n - 60n, permissionlessAt - 120n]) {
          await networkHelpers.time.setNextBlockTimestamp(at);
          await expect(vault.connect(mallory).reportOutOfBand()).not.to.emit(vault, "OutOfBandReported");
          expect(await vault.outOfBandSince()).to.equal(reportedAt);
        }
        await refreshFeeds(fixture, scenario.leverDownPrice);

        await networkHelpers.time.setNextBlockTimestamp(permissionlessAt - 1n);
        await expect(vault.connect(mallory).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(mallory.address, permissionlessAt);

        await networkHelpers.time.setNextBlockTimestamp(permissionlessAt);
        const tx = await vault.connect(mallory).rebalance();
        const event = await rebalancedEvent(vault, tx);
        expect(event.caller).to.equal(mallory.address);
        expect(event.action).to.equal(Action.Rebalance);
        expect(event.reward).to.equal(0n);
        expect(Math.abs(lev(event.leverageAfter) - 2)).to.be.below(LANDING);
        expect(await vault.outOfBandSince()).to.equal(0n);
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(0n);
      });

      it("reporting while in band clears an earlier report", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await vault.connect(fixture.carol).reportOutOfBand();
        expect(await vault.outOfBandSince()).to.not.equal(0n);

        await marketTo(fixture, 3000);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.None);
        await expect(vault.connect(fixture.carol).reportOutOfBand()).to.emit(vault, "OutOfBandReported").withArgs(0n);
        expect(await vault.outOfBandSince()).to.equal(0n);
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(0n);
      });

      it("reporting while in band with nothing reported does nothing", async function () {
        const { fixture, vault } = await setup();
        await expect(vault.connect(fixture.carol).reportOutOfBand()).not.to.emit(vault, "OutOfBandReported");
        expect(await vault.outOfBandSince()).to.equal(0n);
      });
    });

    describe("post-trade checks", function () {
      it("a rebalance whose pool trade would cost more than the slippage bound reverts", async function () {
        const { fixture, vault, scenario } = await setup();
        await reduceRisk(vault, fixture.owner, { maxSlippageBps: 10 });
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        // The pool sits 0.8% against the seller: inside the 1% deviation bound, outside the 0.1% slippage bound.
        await poolTo(fixture, scenario.leverDownPrice * scenario.adverseForSelling(0.008));
        const before = await vault.positionState();

        const failure = await revertedWith(vault, () => vault.connect(fixture.keeper).rebalance());
        expect(failure.name).to.be.oneOf(["SwapSlippageExceeded", "EquityLossTooHigh"]);
        const after = await vault.positionState();
        expect(after.collateral).to.equal(before.collateral);
        expect(await vault.lastRebalanceAt()).to.equal(0n);
      });
    });

    describe("wind-down", function () {
      it("closes deposits, delevers to 1x and keeps redeem open", async function () {
        const { fixture, vault, scenario, collateralToken } = await setup();
        const { owner, keeper, alice, carol } = fixture;
        await expect(vault.connect(owner).startWindDown()).to.emit(vault, "WindDownStarted").withArgs(owner.address);
        expect(await vault.windDownActive()).to.equal(true);

        expect(await vault.maxDeposit(carol.address)).to.equal(0n);
        expect(await vault.maxMint(carol.address)).to.equal(0n);
        const amount = scenario.units(1);
        await expect(vault.connect(carol).deposit(amount, carol.address))
          .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
          .withArgs(carol.address, amount, 0n);

        let status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Rebalance);
        expect(status.targetLeverage).to.equal(WAD);
        expect(status.leverUp).to.equal(false);
        expect(status.nextLeverage).to.be.lt(status.leverage);

        // Chunks no bigger than the pool's fee makes unprofitable to sandwich, one per cooldown.
        let trades = 0;
        while (status.action !== Action.None) {
          expect(trades).to.be.below(20);
          await passCooldown(vault);
          await expect(vault.connect(keeper).rebalance()).to.emit(vault, "Rebalanced");
          trades += 1;
          status = await vault.rebalanceStatus();
        }
        const state = await vault.positionState();
        expect(lev(state.leverage)).to.be.gte(1).and.below(1.001);
        // Debt is (about) gone: what is left is worth under 0.1% of the equity.
        expect(state.collateral - state.equity).to.be.lte(state.equity / 1000n);
        await expect(vault.connect(keeper).rebalance()).to.be.revertedWithCustomError(vault, "LeverageInBand");

        const shares = await vault.balanceOf(alice.address);
        const expected = await vault.previewRedeem(shares);
        const balanceBefore = await collateralToken.balanceOf(alice.address);
        await vault.connect(alice).redeem(shares, alice.address, alice.address);
        const received = (await collateralToken.balanceOf(alice.address)) - balanceBefore;
        expect(received).to.be.gte(expected);
        // Alice owns two thirds of the equity; unlevered, she gets about that back.
        const share = Number(received) / Number(state.equity);
        expect(Math.abs(share - 2 / 3)).to.be.below(0.001);
        expect(await vault.balanceOf(alice.address)).to.equal(0n);
      });
    });

    describe("positionState", function () {
      it("equity is totalAssets, leverage is collateral/equity, and collateral and debt are the lending market's own records with interest", async function () {
        const { fixture, vault } = await setup();
        // Let interest accrue; the market's records are read with interest up to the same block.
        await networkHelpers.time.increase(30 * 86_400);
        await refreshFeeds(fixture, 3000);
        const vaultAddress = await vault.getAddress();
        const recorded = await fixture.lendingMarket.recordedPosition(fixture.stack, kind, vaultAddress);

        const state = await vault.positionState();
        expect(state.priceHealthy).to.equal(true);
        expect(state.equity).to.equal(await vault.totalAssets());
        const impliedLeverage = (state.collateral * WAD) / state.equity;
        expect(state.leverage - impliedLeverage).to.be.within(-1n, 1n);
        expect(state.collateral).to.equal(recorded.collateral);
        expect(state.debt).to.equal(recorded.debt);
        expect(state.debt).to.be.gt(0n);
      });

      it("views count the interest the market has not accrued yet: the pending block's position is the market's record once accrued in that block", async function () {
        const { fixture, vault } = await setup();
        const start = await vault.positionState();
        await networkHelpers.time.increase(30 * 86_400);
        await refreshFeeds(fixture, 3000);
        const vaultAddress = await vault.getAddress();
        const next = (await networkHelpers.time.latest()) + 60;
        await networkHelpers.time.setNextBlockTimestamp(next);
        // Thirty days since the market last accrued: the view projects them (MorphoBlueInterest on Morpho,
        // Aave's indexes on Aave).
        const projected = await vault.positionState({ blockTag: "pending" });
        // The record in that block: Morpho's is read after an accrueInterest mined in it; Aave's
        // balances are read from a block mined at that time.
        if (market === "aave") await networkHelpers.mine();
        const recorded = await fixture.lendingMarket.recordedPosition(fixture.stack, kind, vaultAddress);
        expect(await networkHelpers.time.latest()).to.equal(next);
        expect(projected.collateral).to.equal(recorded.collateral);
        expect(projected.debt).to.equal(recorded.debt);
        expect(projected.debt).to.be.gt(start.debt);
      });
    });
  });
}
