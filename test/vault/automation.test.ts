/**
 * Who may rebalance, and Chainlink Automation through `VaultAutomationAdapter`. The vault's
 * `canRebalance(caller)` is the one permission rule: `rebalance()` enforces it, the adapter's
 * `checkUpkeep` relays it, and these tests check that the three agree.
 */
import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import type { Signer } from "ethers";

import { createAutomationAdapter } from "../../scripts/vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import {
  Action,
  ethers,
  currentRisk,
  fundedVaultsFixture,
  kinds,
  MARKETS,
  marketCases,
  lev,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  poolTo,
  rebalancedEvent,
  reduceRisk,
  refreshFeeds,
  revertData,
} from "../fixtures/funded-vaults.js";

/** The errors by which `rebalance()` refuses a caller who is not eligible. */
const ELIGIBILITY_ERRORS = ["LeverageInBand", "RebalanceNotPermitted", "RebalanceCooldown"];

/**
 * Whether `rebalance()` from `caller` passes its eligibility checks, simulated at the same block as
 * `canRebalance(caller)`: `true` when it succeeds, the error name when it is refused for eligibility.
 * Any other revert (a trade check) fails the test, so the comparison stays about eligibility.
 */
async function rebalanceEligibility(vault: ILeveragedVault, caller: Signer, blockTag: number): Promise<true | string> {
  try {
    await vault.connect(caller).rebalance.staticCall({ blockTag });
    return true;
  } catch (error) {
    const data = revertData(error);
    const name = data === undefined ? undefined : vault.interface.parseError(data)?.name;
    expect(ELIGIBILITY_ERRORS, `rebalance() reverted for another reason: ${name ?? String(error)}`).to.include(name);
    return name!;
  }
}

/** Asserts that `canRebalance(caller)` is `expected` and that `rebalance()` from `caller` agrees. */
async function expectEligibility(vault: ILeveragedVault, caller: Signer, expected: true | string) {
  const blockTag = await ethers.provider.getBlockNumber();
  const can = await vault.canRebalance(await caller.getAddress(), { blockTag });
  const outcome = await rebalanceEligibility(vault, caller, blockTag);
  expect(outcome).to.equal(expected);
  expect(can, `canRebalance disagrees with rebalance() (${String(outcome)})`).to.equal(outcome === true);
}

for (const market of MARKETS) for (const kind of kinds) {
  describe(`rebalance permission and automation (${kind} vault on ${marketCases[market].label})`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
      return { fixture, ...pick(fixture, kind) };
    }

    /** Rebalances once with the keeper, then moves the market out of band again: inside the cooldown. */
    async function outOfBandInCooldown(fixture: Awaited<ReturnType<typeof setup>>["fixture"], vault: ILeveragedVault, price: number) {
      await marketTo(fixture, price);
      await passCooldown(vault);
      await vault.connect(fixture.keeper).rebalance();
      await marketTo(fixture, price ** 2 / 3000);
      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(Action.Rebalance);
      expect(status.readyAt).to.be.gt(BigInt(await networkHelpers.time.latest()));
    }

    describe("canRebalance(caller) agrees with rebalance() from that caller", function () {
      it("in band: nobody may (LeverageInBand)", async function () {
        const { fixture, vault } = await setup();
        expect((await vault.rebalanceStatus()).action).to.equal(Action.None);
        await expectEligibility(vault, fixture.keeper, "LeverageInBand");
        await expectEligibility(vault, fixture.mallory, "LeverageInBand");
      });

      it("out of band after the cooldown: a keeper may", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expectEligibility(vault, fixture.keeper, true);
        await expect(vault.connect(fixture.keeper).rebalance()).to.emit(vault, "Rebalanced");
      });

      it("out of band in the cooldown: a keeper may not (RebalanceCooldown)", async function () {
        const { fixture, vault, scenario } = await setup();
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await expectEligibility(vault, fixture.keeper, "RebalanceCooldown");
      });

      it("out of band: a non-keeper may not before the grace period (RebalanceNotPermitted)", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expectEligibility(vault, fixture.mallory, "RebalanceNotPermitted");
        await expect(vault.connect(fixture.mallory).reportOutOfBand()).to.emit(vault, "OutOfBandReported");
        await expectEligibility(vault, fixture.mallory, "RebalanceNotPermitted");
      });

      it("out of band: anyone may once the grace period after a report has passed", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await vault.connect(fixture.mallory).reportOutOfBand();
        const { permissionlessAt } = await vault.rebalanceStatus();
        // Reports of one episode come at most half a grace period apart, and the last must still be current.
        const { gracePeriod } = await currentRisk(vault);
        for (const before of [BigInt(gracePeriod) / 2n + 60n, 60n]) {
          await networkHelpers.time.increaseTo(permissionlessAt - before);
          await vault.connect(fixture.mallory).reportOutOfBand();
        }
        await networkHelpers.time.increaseTo(permissionlessAt);
        await refreshFeeds(fixture, scenario.leverDownPrice);
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(permissionlessAt);
        await expectEligibility(vault, fixture.mallory, true);
        const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
        expect(event.caller).to.equal(fixture.mallory.address);
      });

      it("once rebalancing is permissionless, a non-keeper still waits out the cooldown (RebalanceCooldown)", async function () {
        const { fixture, vault, scenario } = await setup();
        // No grace period (a risk-reducing change): a report makes rebalancing permissionless at once.
        await reduceRisk(vault, fixture.owner, { gracePeriod: 0 });
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await vault.connect(fixture.mallory).reportOutOfBand();
        const { permissionlessAt, readyAt } = await vault.rebalanceStatus();
        expect(permissionlessAt).to.be.gt(0n).and.lte(BigInt(await networkHelpers.time.latest()));
        expect(readyAt).to.be.gt(BigInt(await networkHelpers.time.latest()));
        await expectEligibility(vault, fixture.mallory, "RebalanceCooldown");
        await networkHelpers.time.increaseTo(readyAt);
        await expectEligibility(vault, fixture.mallory, true);
      });

      it("in an emergency anyone may, even in the cooldown", async function () {
        const { fixture, vault, scenario } = await setup();
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Emergency);
        await expectEligibility(vault, fixture.mallory, true);
        await expectEligibility(vault, fixture.keeper, true);
        const event = await rebalancedEvent(vault, await vault.connect(fixture.mallory).rebalance());
        expect(event.action).to.equal(Action.Emergency);
      });
    });

    describe("VaultAutomationAdapter", function () {
      /** An adapter for the vault, owned by bob, made a keeper by the vault's owner, with carol as its forwarder. */
      async function withAdapter() {
        const base = await setup();
        const { vault, fixture } = base;
        const { owner, bob: adapterOwner, carol: forwarder } = fixture;
        const adapter = await createAutomationAdapter(ethers, { vault, libraries: base.libraries }, adapterOwner);
        const adapterAddress = await adapter.getAddress();
        await expect(vault.connect(owner).setKeeper(adapterAddress, true)).to.emit(vault, "KeeperSet").withArgs(adapterAddress, true);
        await expect(adapter.connect(adapterOwner).setForwarder(forwarder.address)).to.emit(adapter, "ForwarderSet").withArgs(forwarder.address);
        return { ...base, adapter, adapterAddress, adapterOwner, forwarder };
      }

      type Adapter = Awaited<ReturnType<typeof withAdapter>>["adapter"];

      /** The venue pool's `sqrtPriceX96` now. */
      async function poolSqrtPrice(vault: ILeveragedVault) {
        const pool = await ethers.getContractAt("IUniswapV3PoolMinimal", await vault.swapVenue());
        return (await pool.slot0()).sqrtPriceX96;
      }

      /** `checkUpkeep` is `expected`, equals `canRebalance(adapter)`, and carries the pool's price; returns the perform data. */
      async function expectUpkeep(adapter: Adapter, vault: ILeveragedVault, expected: boolean) {
        const [needed, performData] = await adapter.checkUpkeep("0x");
        expect(needed).to.equal(expected);
        expect(await vault.canRebalance(await adapter.getAddress())).to.equal(needed);
        expect(performData).to.equal(ethers.AbiCoder.defaultAbiCoder().encode(["uint160"], [await poolSqrtPrice(vault)]));
        return performData;
      }

      /** What the nodes would pass to `performUpkeep` now: `checkUpkeep`'s perform data. */
      async function checked(adapter: Adapter) {
        return (await adapter.checkUpkeep("0x"))[1];
      }

      it("checkUpkeep is false in band", async function () {
        const { vault, adapter } = await withAdapter();
        await expectUpkeep(adapter, vault, false);
      });

      it("checkUpkeep is true out of band after the cooldown, and false while it runs", async function () {
        const { fixture, vault, adapter, scenario } = await withAdapter();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expectUpkeep(adapter, vault, true);
        await vault.connect(fixture.keeper).rebalance();
        await marketTo(fixture, scenario.leverDownPrice ** 2 / 3000);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
        await expectUpkeep(adapter, vault, false);
      });

      it("checkUpkeep is false out of band while the adapter is not a keeper", async function () {
        const { fixture, vault, adapter, adapterAddress, scenario } = await withAdapter();
        await vault.connect(fixture.owner).setKeeper(adapterAddress, false);
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expectUpkeep(adapter, vault, false);
      });

      it("checkUpkeep is true in an emergency even in the cooldown", async function () {
        const { fixture, vault, adapter, scenario } = await withAdapter();
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
        await expectUpkeep(adapter, vault, true);
      });

      it("only the forwarder may perform the upkeep (NotForwarder)", async function () {
        const { fixture, vault, adapter, adapterOwner, forwarder, scenario } = await withAdapter();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        for (const caller of [fixture.keeper, fixture.owner, adapterOwner, fixture.mallory]) {
          await expect(adapter.connect(caller).performUpkeep("0x"))
            .to.be.revertedWithCustomError(adapter, "NotForwarder")
            .withArgs(caller.address, forwarder.address);
        }
      });

      it("nobody may perform the upkeep before a forwarder is set", async function () {
        const { fixture, vault, scenario } = await setup();
        const { owner, bob: adapterOwner } = fixture;
        const adapter = await createAutomationAdapter(ethers, { vault, libraries: fixture.long.libraries }, adapterOwner);
        await vault.connect(owner).setKeeper(await adapter.getAddress(), true);
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        expect(await adapter.forwarder()).to.equal(ethers.ZeroAddress);
        for (const caller of [adapterOwner, owner]) {
          await expect(adapter.connect(caller).performUpkeep("0x"))
            .to.be.revertedWithCustomError(adapter, "NotForwarder")
            .withArgs(caller.address, ethers.ZeroAddress);
        }
      });

      it("the forwarder's performUpkeep rebalances back into the band, as the adapter", async function () {
        const { fixture, vault, adapter, adapterAddress, forwarder, scenario } = await withAdapter();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expectUpkeep(adapter, vault, true);
        const event = await rebalancedEvent(vault, await adapter.connect(forwarder).performUpkeep(await checked(adapter)));
        expect(event.caller).to.equal(adapterAddress);
        expect(event.action).to.equal(Action.Rebalance);
        expect(Math.abs(lev(event.leverageAfter) - 2)).to.be.below(0.01);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.None);
        await expectUpkeep(adapter, vault, false);
      });

      it("a perform whose pool moved beyond the vault's slippage allowance since the check returns early: UpkeepDeferred, the vault is not called; the next check's perform rebalances", async function () {
        const { fixture, vault, adapter, forwarder, scenario } = await withAdapter();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const performData = await expectUpkeep(adapter, vault, true);
        const checkedSqrtPrice = await poolSqrtPrice(vault);
        const { maxSlippageBps } = await currentRisk(vault);
        // Another trade moves the pool by twice the allowance between the check and the perform.
        await poolTo(fixture, scenario.leverDownPrice * (1 - (2 * Number(maxSlippageBps)) / 10_000));
        const movedSqrtPrice = await poolSqrtPrice(vault);
        const lastRebalanceAt = await vault.lastRebalanceAt();

        await expect(adapter.connect(forwarder).performUpkeep(performData))
          .to.emit(adapter, "UpkeepDeferred")
          .withArgs(checkedSqrtPrice, movedSqrtPrice, maxSlippageBps)
          .and.not.to.emit(vault, "Rebalanced");
        expect(await vault.lastRebalanceAt()).to.equal(lastRebalanceAt);

        // Arbitrage brings the pool back to the feed; the next check's perform goes through.
        await poolTo(fixture, scenario.leverDownPrice);
        const next = await expectUpkeep(adapter, vault, true);
        const event = await rebalancedEvent(vault, await adapter.connect(forwarder).performUpkeep(next));
        expect(event.action).to.equal(Action.Rebalance);
      });

      it("a pool move within the slippage allowance does not defer the perform", async function () {
        const { fixture, vault, adapter, forwarder, scenario } = await withAdapter();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const performData = await expectUpkeep(adapter, vault, true);
        const { maxSlippageBps } = await currentRisk(vault);
        await poolTo(fixture, scenario.leverDownPrice * (1 + Number(maxSlippageBps) / 4 / 10_000));
        expect(await poolSqrtPrice(vault)).to.not.equal(ethers.AbiCoder.defaultAbiCoder().decode(["uint160"], performData)[0]);
        await expect(adapter.connect(forwarder).performUpkeep(performData))
          .to.emit(vault, "Rebalanced")
          .and.not.to.emit(adapter, "UpkeepDeferred");
      });

      it("a performUpkeep that is not due reverts with the vault's own error", async function () {
        const { fixture, vault, adapter, forwarder, scenario } = await withAdapter();
        const status = await vault.rebalanceStatus();
        await expect(adapter.connect(forwarder).performUpkeep(await checked(adapter)))
          .to.be.revertedWithCustomError(vault, "LeverageInBand")
          // Interest moves leverage a little between the read and the transaction.
          .withArgs(anyValue, status.minLeverage, status.maxLeverage);
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await expect(adapter.connect(forwarder).performUpkeep(await checked(adapter))).to.be.revertedWithCustomError(vault, "RebalanceCooldown");
      });

      it("the emergency path pays the reward to the adapter, and only the adapter's owner withdraws it", async function () {
        const { fixture, vault, adapter, adapterAddress, adapterOwner, forwarder, scenario, collateralToken } = await withAdapter();
        await outOfBandInCooldown(fixture, vault, scenario.leverDownPrice);
        await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
        await expectUpkeep(adapter, vault, true);

        const event = await rebalancedEvent(vault, await adapter.connect(forwarder).performUpkeep(await checked(adapter)));
        expect(event.action).to.equal(Action.Emergency);
        expect(event.caller).to.equal(adapterAddress);
        expect(event.reward).to.be.gt(0n);
        expect(await collateralToken.balanceOf(adapterAddress)).to.equal(event.reward);

        await expect(adapter.connect(fixture.mallory).withdrawToken(await collateralToken.getAddress(), fixture.mallory.address, event.reward))
          .to.be.revertedWithCustomError(adapter, "OwnableUnauthorizedAccount")
          .withArgs(fixture.mallory.address);
        const before = await collateralToken.balanceOf(adapterOwner.address);
        await adapter.connect(adapterOwner).withdrawToken(await collateralToken.getAddress(), adapterOwner.address, event.reward);
        expect((await collateralToken.balanceOf(adapterOwner.address)) - before).to.equal(event.reward);
        expect(await collateralToken.balanceOf(adapterAddress)).to.equal(0n);
      });

      it("only the adapter's owner sets the forwarder, and a replaced forwarder can no longer perform", async function () {
        const { fixture, vault, adapter, adapterOwner, forwarder, scenario } = await withAdapter();
        const { mallory, alice: next } = fixture;
        await expect(adapter.connect(mallory).setForwarder(mallory.address))
          .to.be.revertedWithCustomError(adapter, "OwnableUnauthorizedAccount")
          .withArgs(mallory.address);
        await adapter.connect(adapterOwner).setForwarder(next.address);
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expect(adapter.connect(forwarder).performUpkeep(await checked(adapter)))
          .to.be.revertedWithCustomError(adapter, "NotForwarder")
          .withArgs(forwarder.address, next.address);
        await expect(adapter.connect(next).performUpkeep(await checked(adapter))).to.emit(vault, "Rebalanced");
      });
    });

    describe("keeper allowlist", function () {
      it("only the owner sets keepers, and a removed keeper can no longer rebalance", async function () {
        const { fixture, vault, scenario } = await setup();
        const { owner, keeper, mallory } = fixture;
        await expect(vault.connect(mallory).setKeeper(mallory.address, true))
          .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
          .withArgs(mallory.address);
        // A guardian is not enough either.
        await vault.connect(owner).setGuardian(fixture.carol.address, true);
        await expect(vault.connect(fixture.carol).setKeeper(fixture.carol.address, true))
          .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
          .withArgs(fixture.carol.address);

        await expect(vault.connect(owner).setKeeper(keeper.address, false))
          .to.emit(vault, "KeeperSet")
          .withArgs(keeper.address, false);
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expect(vault.connect(keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(keeper.address, 0n);
      });
    });
  });
}
