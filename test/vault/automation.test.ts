import { expect } from "chai";

import {
  Action,
  ethers,
  fundedVaultsFixture,
  kinds,
  lev,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  rebalancedEvent,
} from "../fixtures/funded-vaults.js";

const coder = ethers.AbiCoder.defaultAbiCoder();
/** `performData` as `checkUpkeep` encodes it: the `RebalanceAction`. */
const encoded = (action: bigint) => coder.encode(["uint8"], [action]);

for (const kind of kinds) {
  describe(`automation (${kind} vault)`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture);
      return { fixture, ...pick(fixture, kind) };
    }

    describe("checkUpkeep", function () {
      it("returns (false, None) in band", async function () {
        const { vault } = await setup();
        const [needed, performData] = await vault.checkUpkeep("0x");
        expect(needed).to.equal(false);
        expect(performData).to.equal(encoded(Action.None));
      });

      it("returns (true, Rebalance) out of band once the cooldown has passed", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const [needed, performData] = await vault.checkUpkeep("0x");
        expect(needed).to.equal(true);
        expect(performData).to.equal(encoded(Action.Rebalance));
      });

      it("returns false out of band while the cooldown runs", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await vault.connect(fixture.keeper).rebalance();
        await marketTo(fixture, scenario.leverDownPrice ** 2 / 3000);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
        const [needed, performData] = await vault.checkUpkeep("0x");
        expect(needed).to.equal(false);
        expect(performData).to.equal(encoded(Action.Rebalance));
      });

      it("returns (true, Emergency) in an emergency even within the cooldown", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await vault.connect(fixture.keeper).rebalance();
        await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
        const status = await vault.rebalanceStatus();
        expect(status.readyAt).to.be.gt(BigInt(await networkHelpers.time.latest()));
        const [needed, performData] = await vault.checkUpkeep("0x");
        expect(needed).to.equal(true);
        expect(performData).to.equal(encoded(Action.Emergency));
      });
    });

    describe("performUpkeep", function () {
      it("reverts RebalanceNotPermitted for everyone while no forwarder is set", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        expect(await vault.automationForwarder()).to.equal(ethers.ZeroAddress);
        const [, performData] = await vault.checkUpkeep("0x");
        for (const caller of [fixture.keeper, fixture.owner, fixture.mallory]) {
          await expect(vault.connect(caller).performUpkeep(performData))
            .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
            .withArgs(caller.address, 0n);
        }
      });

      it("only the forwarder the owner set may perform the upkeep, and it rebalances with every check", async function () {
        const { fixture, vault, scenario } = await setup();
        const { owner, carol: forwarder, keeper, mallory } = fixture;
        await expect(vault.connect(mallory).setAutomationForwarder(mallory.address))
          .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
          .withArgs(mallory.address);
        await expect(vault.connect(owner).setAutomationForwarder(forwarder.address))
          .to.emit(vault, "AutomationForwarderSet")
          .withArgs(forwarder.address);
        expect(await vault.isKeeper(forwarder.address)).to.equal(false);

        // In band the forwarder gets LeverageInBand like anyone.
        await expect(vault.connect(forwarder).performUpkeep(encoded(Action.None))).to.be.revertedWithCustomError(
          vault,
          "LeverageInBand",
        );

        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const [needed, performData] = await vault.checkUpkeep("0x");
        expect(needed).to.equal(true);
        for (const caller of [keeper, mallory]) {
          await expect(vault.connect(caller).performUpkeep(performData))
            .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
            .withArgs(caller.address, 0n);
        }
        const event = await rebalancedEvent(vault, await vault.connect(forwarder).performUpkeep(performData));
        expect(event.caller).to.equal(forwarder.address);
        expect(event.action).to.equal(Action.Rebalance);
        expect(Math.abs(lev(event.leverageAfter) - 2)).to.be.below(0.01);

        // The cooldown binds the forwarder too.
        await marketTo(fixture, scenario.leverDownPrice ** 2 / 3000);
        await expect(vault.connect(forwarder).performUpkeep(performData)).to.be.revertedWithCustomError(
          vault,
          "RebalanceCooldown",
        );
      });

      it("a forwarder that was replaced can no longer perform the upkeep", async function () {
        const { fixture, vault, scenario } = await setup();
        const { owner, carol, bob } = fixture;
        await vault.connect(owner).setAutomationForwarder(carol.address);
        await vault.connect(owner).setAutomationForwarder(bob.address);
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expect(vault.connect(carol).performUpkeep("0x"))
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(carol.address, 0n);
        await expect(vault.connect(bob).performUpkeep("0x")).to.emit(vault, "Rebalanced");
      });
    });

    describe("keeper allowlist", function () {
      it("a contract address can be a keeper and rebalance", async function () {
        const { fixture, vault, scenario, libraries } = await setup();
        // Any deployed contract stands in for a keeper contract: here the OracleReader library.
        const keeperContract = libraries.OracleReader;
        expect(await ethers.provider.getCode(keeperContract)).to.not.equal("0x");
        await networkHelpers.impersonateAccount(keeperContract);
        await networkHelpers.setBalance(keeperContract, 10n ** 18n);
        const asContract = await ethers.getSigner(keeperContract);

        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await expect(vault.connect(asContract).rebalance())
          .to.be.revertedWithCustomError(vault, "RebalanceNotPermitted")
          .withArgs(keeperContract, 0n);

        await expect(vault.connect(fixture.owner).setKeeper(keeperContract, true))
          .to.emit(vault, "KeeperSet")
          .withArgs(keeperContract, true);
        expect(await vault.isKeeper(keeperContract)).to.equal(true);
        const event = await rebalancedEvent(vault, await vault.connect(asContract).rebalance());
        expect(event.caller).to.equal(keeperContract);
        expect(Math.abs(lev(event.leverageAfter) - 2)).to.be.below(0.01);
        await networkHelpers.stopImpersonatingAccount(keeperContract);
      });

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
