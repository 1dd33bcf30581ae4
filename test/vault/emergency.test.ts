import { expect } from "chai";
import fc from "fast-check";

import {
  Action,
  BPS,
  currentRisk,
  expectCollateralMoved,
  fundedVaultsFixture,
  kinds,
  MARKETS,
  marketCases,
  lev,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  rebalancedEvent,
  reduceRisk,
  refreshFeeds,
  withBps,
} from "../fixtures/funded-vaults.js";

for (const market of MARKETS) for (const kind of kinds) {
  describe(`emergency delever (${kind} vault on ${marketCases[market].label})`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
      return { fixture, ...pick(fixture, kind) };
    }

    /** The reward rule: min(amountIn * emergencyRewardBps, maxEmergencyReward), rounded down. */
    /** The reward is a share of the trade at the oracle price, so pushing the pool cannot inflate it. */
    async function expectedReward(vault: Awaited<ReturnType<typeof setup>>["vault"], oracleImpliedAmountIn: bigint) {
      const risk = await currentRisk(vault);
      const proportional = (oracleImpliedAmountIn * BigInt(risk.emergencyRewardBps)) / BPS;
      return proportional < risk.maxEmergencyReward ? proportional : risk.maxEmergencyReward;
    }

    it("after a crash past the threshold anyone may delever toward the target and earns the reward", async function () {
      const { fixture, vault, scenario, collateralToken } = await setup();
      const { mallory } = fixture;
      await marketTo(fixture, scenario.emergencyPrice);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);
      expect(status.leverage).to.be.gte(status.emergencyLeverage);
      expect(status.leverUp).to.equal(false);
      const risk = await currentRisk(vault);
      expect(status.collateralToTrade).to.be.gt(0n).and.lte(risk.maxTradeSize);
      expect(await vault.isKeeper(mallory.address)).to.equal(false);

      const balanceBefore = await collateralToken.balanceOf(mallory.address);
      const event = await rebalancedEvent(vault, await vault.connect(mallory).rebalance());
      expect(event.caller).to.equal(mallory.address);
      expect(event.action).to.equal(Action.Emergency);
      expect(event.leverageAfter).to.be.lt(event.leverageBefore);
      expect(event.leverageAfter).to.be.lt(status.emergencyLeverage);
      // One trade moves at most what the pool's fee makes unprofitable to sandwich; this one is enough
      // to leave the emergency, and the rest follows as routine rebalances.
      expect(lev(event.leverageAfter)).to.be.above(2);
      // Its bound: the pool's fee (5 bps) and the trade's own impact at the oracle price, plus a
      // tolerance no guardian can shrink below 1%.
      const tolerance = Math.max(Number(risk.maxSlippageBps), 100);
      expect(event.amountIn).to.be.lte(withBps(event.oracleImpliedAmountIn, tolerance + 5 + 10));

      const reward = await expectedReward(vault, event.oracleImpliedAmountIn);
      expect(reward).to.be.gt(0n);
      // The cap does not bind on this trade: the reward is the proportional one.
      expect(reward).to.be.lt(risk.maxEmergencyReward);
      expect(event.reward).to.equal(reward);
      expect((await collateralToken.balanceOf(mallory.address)) - balanceBefore).to.equal(reward);
    });

    it("maxTradeSize does not shrink an emergency: it trades the sandwich-proof chunk, and routine trades stay capped", async function () {
      const { fixture, vault, scenario } = await setup();
      await marketTo(fixture, scenario.emergencyPrice);
      const before = await vault.rebalanceStatus();
      expect(before.action).to.equal(Action.Emergency);
      const chunk = before.collateralToTrade / 4n;
      await reduceRisk(vault, fixture.owner, { maxTradeSize: chunk });

      // The same emergency trade as before the guardian's change.
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);
      expect(status.collateralToTrade).to.equal(before.collateralToTrade);
      const collateralBefore = (await vault.positionState()).collateral;
      const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
      expect(event.action).to.equal(Action.Emergency);
      expect(event.leverageAfter).to.be.lt(event.leverageBefore);
      // Collateral leaves for the pool (amountIn) and for the caller (reward).
      const collateralAfter = (await vault.positionState()).collateral;
      expectCollateralMoved(fixture, collateralBefore - collateralAfter, event.amountIn + event.reward, collateralBefore);
      expect(event.oracleImpliedAmountIn).to.be.gt(chunk);

      // Once out of the emergency, what remains is routine and capped at maxTradeSize.
      const next = await vault.rebalanceStatus();
      expect(next.action).to.be.oneOf([Action.Rebalance, Action.Iterate]);
      expect(next.collateralToTrade).to.be.lte(chunk);
    });

    it("the reward is capped at maxEmergencyReward", async function () {
      const { fixture, vault, scenario, collateralToken } = await setup();
      const cap = scenario.units(kind === "long" ? "0.01" : "10");
      await reduceRisk(vault, fixture.owner, { maxEmergencyReward: cap });
      await marketTo(fixture, scenario.emergencyPrice);

      const balanceBefore = await collateralToken.balanceOf(fixture.mallory.address);
      const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
      const risk = await currentRisk(vault);
      // The proportional reward would be larger than the cap...
      expect((event.amountIn * BigInt(risk.emergencyRewardBps)) / BPS).to.be.gt(cap);
      // ...so the cap is paid.
      expect(event.reward).to.equal(cap);
      expect((await collateralToken.balanceOf(fixture.mallory.address)) - balanceBefore).to.equal(cap);
    });

    it("the emergency delever ignores the cooldown", async function () {
      const { fixture, vault, scenario } = await setup();
      await marketTo(fixture, scenario.leverDownPrice);
      await passCooldown(vault);
      await vault.connect(fixture.keeper).rebalance();

      // The same crash again, from the rebalanced position.
      await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);
      expect(status.readyAt).to.be.gt(BigInt(await networkHelpers.time.latest()) + 1n);
      const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
      expect(event.action).to.equal(Action.Emergency);
      expect(event.leverageAfter).to.be.lt(status.emergencyLeverage);
    });

    it("below the emergency threshold a non-keeper still cannot rebalance", async function () {
      const { fixture, vault, scenario } = await setup();
      await marketTo(fixture, scenario.leverDownPrice);
      await passCooldown(vault);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Rebalance);
      expect(status.leverage).to.be.gt(status.maxLeverage).and.lt(status.emergencyLeverage);
      await expect(vault.connect(fixture.mallory).rebalance())
        .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
        .withArgs(fixture.mallory.address, 0n);
    });

    it("the emergency delever works while the feed is stale, on the pool's time-weighted price", async function () {
      const { fixture, vault, scenario, collateralToken } = await setup();
      await marketTo(fixture, scenario.emergencyPrice);
      const crashed = await vault.positionState();
      const { collateralFeedMaxAge } = (await vault.oracleParameters());
      await networkHelpers.time.increase(Number(collateralFeedMaxAge) + 1);

      const stale = await vault.positionState();
      expect(stale.priceHealthy).to.equal(false);
      // The pool's mean price, which sits at the market the feed last reported.
      expect(stale.price).to.be.closeTo(crashed.price, crashed.price / 200n);
      expect(await vault.maxDeposit(fixture.carol.address)).to.equal(0n);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Emergency);

      const balanceBefore = await collateralToken.balanceOf(fixture.mallory.address);
      const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
      expect(event.action).to.equal(Action.Emergency);
      expect(event.leverageAfter).to.be.lt(status.emergencyLeverage);
      expect(event.reward).to.be.gt(0n);
      expect((await collateralToken.balanceOf(fixture.mallory.address)) - balanceBefore).to.equal(event.reward);
    });

    it("keeper rebalances along a price path never leave leverage at or above the emergency threshold", async function () {
      this.timeout(60_000);
      const { scenario } = await setup();
      // Moves of at most 10% from anywhere in the band cannot reach 2.6x on their own.
      const step = fc.integer({ min: 9_000, max: 11_000 });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 4, maxLength: 6 }), async (multipliers) => {
          const { fixture, vault } = await setup();
          const { keeper } = fixture;
          // Chunked trades (risk-reducing, at once): keeps each keeper trade small.
          await reduceRisk(vault, fixture.owner, { maxTradeSize: scenario.units(kind === "long" ? 10 : 30_000) });
          let price = 3000;
          for (const multiplier of multipliers) {
            price = (price * multiplier) / 10_000;
            // Both feeds publish (the USDC feed would go stale over many cooldowns), the pool follows.
            await refreshFeeds(fixture, price);
            let status = await vault.rebalanceStatus();
            expect(status.action).to.not.equal(Action.Emergency);
            let trades = 0;
            while (status.action !== Action.None) {
              expect(trades++).to.be.below(20);
              await passCooldown(vault);
              const event = await rebalancedEvent(vault, await vault.connect(keeper).rebalance());
              expect(event.leverageAfter).to.be.lt(status.emergencyLeverage);
              status = await vault.rebalanceStatus();
            }
            const state = await vault.positionState();
            expect(state.leverage).to.be.lt(status.emergencyLeverage);
          }
        }),
        { seed: 42, numRuns: 4 },
      );
    });
  });
}
