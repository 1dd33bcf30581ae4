import { expect } from "chai";
import { Wallet, id as labelHash, type ContractTransactionReceipt } from "ethers";

import { VAULT_UPKEEP_GAS_LIMIT } from "../../scripts/automation/register-vault.js";
import { formatUpkeepGasRow, measureUpkeepGas, UPKEEP_GAS_HEADER } from "../../scripts/bench/automation-gas.js";
import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { automatedVaultsFixture, nodeNetwork, type AutomatedVaults } from "../fixtures/automation.js";
import {
  Action,
  ethers,
  kinds,
  lev,
  marketTo,
  networkHelpers,
  passCooldown,
  pick,
  reduceRisk,
} from "../fixtures/funded-vaults.js";

const coder = ethers.AbiCoder.defaultAbiCoder();

/** The vault's raw Morpho position (shares and collateral: unlike projected values, it only moves when the vault acts). */
async function morphoPosition(fixture: AutomatedVaults, kind: VaultKind) {
  const { morpho } = fixture.stack;
  const market = kind === "long" ? morpho.wethCollateralMarket : morpho.usdcCollateralMarket;
  const position = await fixture.stack.morpho.morpho.position(market.id, await fixture[kind].vault.getAddress());
  return { borrowShares: position.borrowShares, collateral: position.collateral };
}

/** The `Rebalanced` events the transaction of `receipt` emitted from the fixture's `kind` vault. */
async function rebalancedIn(fixture: AutomatedVaults, kind: VaultKind, receipt: ContractTransactionReceipt) {
  const vault = fixture[kind].vault;
  const vaultAddress = (await vault.getAddress()).toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === vaultAddress)
    .map((log) => vault.interface.parseLog(log))
    .filter((parsed) => parsed?.name === "Rebalanced")
    .map((parsed) => parsed!.args);
}

/** The `kind` vault's venue pool's `sqrtPriceX96` now, ABI-encoded as the adapter's check encodes it. */
async function poolSqrtPriceData(fixture: AutomatedVaults, kind: VaultKind) {
  const pool = await ethers.getContractAt("IUniswapV3PoolMinimal", await fixture[kind].vault.swapVenue());
  return coder.encode(["uint160"], [(await pool.slot0()).sqrtPriceX96]);
}

/** The adapter's `UpkeepDeferred` events in the transaction of `receipt`. */
function deferredIn(fixture: AutomatedVaults, kind: VaultKind, receipt: ContractTransactionReceipt) {
  const adapter = fixture.upkeeps[kind].adapter;
  return receipt.logs
    .map((log) => {
      try {
        return adapter.interface.parseLog(log);
      } catch {
        return null;
      }
    })
    .filter((parsed, index) => parsed?.name === "UpkeepDeferred" && receipt.logs[index].address === adapter.target)
    .map((parsed) => parsed!.args);
}

for (const kind of kinds) {
  describe(`Chainlink Automation registry 2.3 (${kind} vault)`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(automatedVaultsFixture);
      const upkeep = fixture.upkeeps[kind];
      return { fixture, ...pick(fixture, kind), upkeep, network: nodeNetwork(fixture), registry: fixture.automation.registry };
    }

    describe("registration", function () {
      it("registers the vault's automation adapter as a funded conditional upkeep whose forwarder is the adapter's forwarder", async function () {
        const { vault, upkeep, registry } = await setup();
        const info = await registry.getUpkeep(upkeep.upkeepId);
        expect(info.target).to.equal(await upkeep.adapter.getAddress());
        expect(info.performGas).to.equal(BigInt(VAULT_UPKEEP_GAS_LIMIT));
        expect(info.checkData).to.equal("0x");
        expect(info.balance).to.equal(ethers.parseEther("50"));
        expect(await registry.getTriggerType(upkeep.upkeepId)).to.equal(0n); // CONDITION

        const forwarder = await ethers.getContractAt("AutomationForwarder", upkeep.forwarder);
        expect(await forwarder.getTarget()).to.equal(await upkeep.adapter.getAddress());
        expect(await upkeep.adapter.forwarder()).to.equal(upkeep.forwarder);
        expect(await vault.isKeeper(await upkeep.adapter.getAddress())).to.equal(true);
      });
    });

    describe("in band", function () {
      it("the nodes' check finds nothing to do and they transmit nothing", async function () {
        const { upkeep, registry, network, vault } = await setup();
        const before = await vault.positionState();
        const round = await network.runRound([upkeep.upkeepId]);
        expect(round.transmitted).to.equal(undefined);
        expect(round.checks[0].upkeepNeeded).to.equal(false);
        expect(round.checks[0].failureReason).to.equal("UPKEEP_NOT_NEEDED");
        expect((await vault.positionState()).leverage).to.equal(before.leverage);
        expect(await registry.getBalance(upkeep.upkeepId)).to.equal(ethers.parseEther("50"));
      });

      it("after the TypeScript keeper rebalanced, the nodes find the vault in its cooldown and transmit nothing", async function () {
        const { fixture, vault, scenario, upkeep, network } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        await (await vault.connect(fixture.keeper).rebalance()).wait();
        const round = await network.runRound([upkeep.upkeepId]);
        expect(round.transmitted).to.equal(undefined);
        expect(round.checks[0].failureReason).to.equal("UPKEEP_NOT_NEEDED");
      });
    });

    describe("out of band", function () {
      it("a price move takes the vault out of band and one round brings it back in band through the forwarder", async function () {
        const { fixture, vault, scenario, upkeep, network } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const risk = await vault.riskParameters();
        const before = await vault.positionState();
        expect(before.leverage).to.be.gt(risk.maxLeverage);

        const checkedPrice = await poolSqrtPriceData(fixture, kind);
        const round = await network.runRound([upkeep.upkeepId]);
        expect(round.checks[0].upkeepNeeded).to.equal(true);
        // The adapter's performData is the pool price the check simulated at; the vault re-reads everything else.
        expect(round.checks[0].performData).to.equal(checkedPrice);
        const transmitted = round.transmitted!;
        expect(transmitted.performed).to.have.length(1);
        expect(transmitted.performed[0].upkeepId).to.equal(upkeep.upkeepId);
        expect(transmitted.performed[0].success).to.equal(true);

        const events = await rebalancedIn(fixture, kind, transmitted.receipt);
        expect(events).to.have.length(1);
        expect(events[0].caller).to.equal(await upkeep.adapter.getAddress());
        expect(events[0].action).to.equal(Action.Rebalance);
        const after = await vault.positionState();
        expect(after.leverage).to.be.within(risk.minLeverage, risk.maxLeverage);
        expect(Math.abs(lev(after.leverage) - 2)).to.be.below(0.01);

        // Back in band: the next round sends nothing.
        expect((await network.runRound([upkeep.upkeepId])).transmitted).to.equal(undefined);
      });

      it("a price move the other way levers the vault back up through the registry", async function () {
        const { fixture, vault, scenario, upkeep, network } = await setup();
        await marketTo(fixture, scenario.leverUpPrice);
        await passCooldown(vault);
        const risk = await vault.riskParameters();
        expect((await vault.positionState()).leverage).to.be.lt(risk.minLeverage);

        const transmitted = (await network.runRound([upkeep.upkeepId])).transmitted!;
        expect(transmitted.performed[0].success).to.equal(true);
        expect((await vault.positionState()).leverage).to.be.within(risk.minLeverage, risk.maxLeverage);
      });

      it("an emergency inside the cooldown is delevered through the registry", async function () {
        const { fixture, vault, scenario, upkeep, network } = await setup();
        // A routine rebalance starts a cooldown; the market then falls through the emergency threshold.
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        expect((await network.runRound([upkeep.upkeepId])).transmitted?.performed[0].success).to.equal(true);
        await marketTo(fixture, (scenario.leverDownPrice * scenario.emergencyPrice) / 3000);
        const risk = await vault.riskParameters();
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Emergency);
        expect(status.readyAt).to.be.gt(BigInt(await networkHelpers.time.latest()));

        const checkedPrice = await poolSqrtPriceData(fixture, kind);
        const round = await network.runRound([upkeep.upkeepId]);
        expect(round.checks[0].performData).to.equal(checkedPrice);
        const transmitted = round.transmitted!;
        expect(transmitted.performed[0].success).to.equal(true);
        const [event] = await rebalancedIn(fixture, kind, transmitted.receipt);
        expect(event.action).to.equal(Action.Emergency);
        expect(event.caller).to.equal(await upkeep.adapter.getAddress());
        expect((await vault.positionState()).leverage).to.be.lt(risk.emergencyLeverage);
      });

      it("pays the emergency reward to the caller, which through Automation is the adapter, whose owner can withdraw it", async function () {
        const { fixture, scenario, upkeep, network, collateralToken } = await setup();
        await marketTo(fixture, scenario.emergencyPrice);
        const transmitted = (await network.runRound([upkeep.upkeepId])).transmitted!;
        const [event] = await rebalancedIn(fixture, kind, transmitted.receipt);
        expect(event.action).to.equal(Action.Emergency);
        expect(event.reward).to.be.gt(0n);
        const adapterAddress = await upkeep.adapter.getAddress();
        expect(await collateralToken.balanceOf(adapterAddress)).to.equal(event.reward);
        expect(await collateralToken.balanceOf(upkeep.forwarder)).to.equal(0n);
        const ownerBefore = await collateralToken.balanceOf(fixture.owner.address);
        await (await upkeep.adapter.connect(fixture.owner).withdrawToken(await collateralToken.getAddress(), fixture.owner.address, event.reward)).wait();
        expect(await collateralToken.balanceOf(fixture.owner.address)).to.equal(ownerBefore + event.reward);
      });
    });

    describe("reports the vault must not act on", function () {
      it("a due upkeep whose perform would revert (the adapter no longer trusts its forwarder) is simulated, and not transmitted", async function () {
        const { fixture, vault, scenario, upkeep, network, registry } = await setup();
        await (await upkeep.adapter.connect(fixture.owner).setForwarder(ethers.ZeroAddress)).wait();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const round = await network.runRound([upkeep.upkeepId]);
        expect(round.checks[0].upkeepNeeded).to.equal(true);
        expect(round.checks[0].performSimulationSucceeded).to.equal(false);
        expect(round.transmitted).to.equal(undefined);
        expect(await registry.getBalance(upkeep.upkeepId)).to.equal(ethers.parseEther("50"));
      });

      it("a forced report for an upkeep that is not due reaches the vault, which reverts: nothing changes but the upkeep pays the gas", async function () {
        const { fixture, vault, upkeep, network, registry } = await setup();
        const check = await network.checkUpkeep(upkeep.upkeepId);
        expect(check.upkeepNeeded).to.equal(false);
        const positionBefore = await morphoPosition(fixture, kind);
        const supplyBefore = await vault.totalSupply();
        const balanceBefore = await registry.getBalance(upkeep.upkeepId);

        // A node that skipped the simulation transmits the check's own perform data (the pool has not moved).
        const forced = { ...check };
        const transmitted = await network.transmit(await network.sign(network.buildReport([forced])));
        expect(transmitted.performed).to.have.length(1);
        expect(transmitted.performed[0].success).to.equal(false);
        expect(await rebalancedIn(fixture, kind, transmitted.receipt)).to.have.length(0);

        expect(await morphoPosition(fixture, kind)).to.deep.equal(positionBefore);
        expect(await vault.totalSupply()).to.equal(supplyBefore);
        // The registry bills a failed perform too: this is why nodes simulate before they transmit.
        expect(await registry.getBalance(upkeep.upkeepId)).to.equal(balanceBefore - transmitted.performed[0].totalPayment);
      });

      it("a stale report (its trigger block precedes the last perform) is skipped without calling the vault or billing", async function () {
        const { fixture, vault, scenario, upkeep, network, registry } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        // Two nodes' views of the same due upkeep: the first report lands, the second is now stale.
        const early = await network.checkUpkeep(upkeep.upkeepId);
        const staleReport = await network.sign(network.buildReport([early]));
        const landed = (await network.runRound([upkeep.upkeepId])).transmitted!;
        expect(landed.performed[0].success).to.equal(true);

        // Move out of band again so a perform would change the vault if the registry let it through.
        await marketTo(fixture, scenario.leverDownPrice ** 2 / 3000);
        await passCooldown(vault);
        const positionBefore = await morphoPosition(fixture, kind);
        const balanceBefore = await registry.getBalance(upkeep.upkeepId);
        const replay = await network.transmit(staleReport);
        expect(replay.stale).to.deep.equal([upkeep.upkeepId]);
        expect(replay.performed).to.have.length(0);
        expect(await morphoPosition(fixture, kind)).to.deep.equal(positionBefore);
        expect((await upkeep.adapter.checkUpkeep("0x"))[0]).to.equal(true);
        expect(await registry.getBalance(upkeep.upkeepId)).to.equal(balanceBefore);
      });

      it("the registry refuses a report with fewer than f+1 signatures, or signed by a key outside its configuration", async function () {
        const { fixture, vault, scenario, upkeep, network, registry } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const report = network.buildReport([await network.checkUpkeep(upkeep.upkeepId)]);
        const [first, second] = fixture.automation.nodes;

        await expect(network.transmit(await network.sign(report, [first.signer]))).to.be.revertedWithCustomError(
          registry,
          "IncorrectNumberOfSignatures",
        );
        const outsider = new Wallet(labelHash("not a configured signer"));
        await expect(network.transmit(await network.sign(report, [first.signer, outsider]))).to.be.revertedWithCustomError(
          registry,
          "OnlyActiveSigners",
        );
        await expect(network.transmit(await network.sign(report, [first.signer, first.signer]))).to.be.revertedWithCustomError(
          registry,
          "DuplicateSigners",
        );
        // And only configured transmitters may send: a signer's key is not a transmitter.
        const signerAsSender = second.signer.connect(ethers.provider);
        await (await fixture.owner.sendTransaction({ to: signerAsSender.address, value: ethers.parseEther("1") })).wait();
        await expect(network.transmit(await network.sign(report), signerAsSender)).to.be.revertedWithCustomError(
          registry,
          "OnlyActiveTransmitters",
        );
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
      });
    });

    describe("billing", function () {
      it("each perform debits the upkeep's LINK balance by the payment the registry reports, and pays the transmitter", async function () {
        const { fixture, vault, scenario, upkeep, network, registry } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const balanceBefore = await registry.getBalance(upkeep.upkeepId);
        const round = await network.runRound([upkeep.upkeepId]);
        const transmitted = round.transmitted!;
        const payment = transmitted.performed[0].totalPayment;
        expect(payment).to.be.gt(0n);
        expect(await registry.getBalance(upkeep.upkeepId)).to.equal(balanceBefore - payment);
        expect((await registry.getUpkeep(upkeep.upkeepId)).amountSpent).to.equal(payment);
        const transmitterInfo = await registry.getTransmitterInfo(transmitted.transmitter);
        expect(transmitterInfo.balance).to.be.gt(0n);
      });
    });

    describe("gas", function () {
      for (const flow of ["rebalance", "emergency"] as const) {
        it(`the registered gas limit covers ${flow === "rebalance" ? "a routine rebalance" : "an emergency delever"} with at least 2x room, which costs more through the registry than a direct call`, async function () {
          const { fixture, vault, scenario, upkeep, network } = await setup();
          await marketTo(fixture, flow === "rebalance" ? scenario.leverDownPrice : scenario.emergencyPrice);
          await passCooldown(vault);
          const gas = await measureUpkeepGas({ ethers, networkHelpers, vault, upkeep, network });
          console.log(`      ${UPKEEP_GAS_HEADER.join(" | ")}\n      ${formatUpkeepGasRow(`${kind} ${flow}`, gas).join(" | ")}`);
          expect(gas.performGas * 2n).to.be.lt(BigInt(VAULT_UPKEEP_GAS_LIMIT));
          expect(gas.registryGas).to.be.gt(gas.directGas);
        });
      }
    });
  });
}

describe("Chainlink Automation registry 2.3 (both vaults)", function () {
  it("one report carries both due upkeeps; the second's pool was moved by the first, so its perform returns early without calling the vault, costs a fraction of a reverted one, and is performed next round", async function () {
    const fixture = await networkHelpers.loadFixture(automatedVaultsFixture);
    const network = nodeNetwork(fixture);
    const { registry } = fixture.automation;
    // The inverse vault's guardian allows 1 bp of slippage beyond the fee and the trade's own impact:
    // a pool moved by another trade in the same report is then too far off for it.
    await reduceRisk(fixture.inverse.vault, fixture.owner, { maxSlippageBps: 1 });
    // At 2400 USD the long vault is in emergency and the inverse vault is below its floor.
    await marketTo(fixture, 2400);
    await passCooldown(fixture.inverse.vault);
    const ids = [fixture.upkeeps.long.upkeepId, fixture.upkeeps.inverse.upkeepId];
    const inverseBefore = await morphoPosition(fixture, "inverse");
    const checkedPrice = await poolSqrtPriceData(fixture, "inverse");

    const snapshot = await networkHelpers.takeSnapshot();
    const round = await network.runRound(ids);
    expect(round.checks.map((check) => check.upkeepNeeded)).to.deep.equal([true, true]);
    const { performed, receipt } = round.transmitted!;
    expect(performed.map((upkeep) => upkeep.upkeepId)).to.deep.equal(ids);
    // Both vaults sell ETH into the same pool: after the long vault's emergency sale the pool is
    // further from the inverse upkeep's checked price than its 1 bp, so its adapter defers.
    expect(performed.map((upkeep) => upkeep.success)).to.deep.equal([true, true]);
    expect((await rebalancedIn(fixture, "long", receipt))[0].action).to.equal(Action.Emergency);
    expect(await rebalancedIn(fixture, "inverse", receipt)).to.have.length(0);
    const [deferred] = deferredIn(fixture, "inverse", receipt);
    expect(coder.encode(["uint160"], [deferred.checkedSqrtPriceX96])).to.equal(checkedPrice);
    expect(deferred.sqrtPriceX96).to.not.equal(deferred.checkedSqrtPriceX96);
    expect(deferred.maxSlippageBps).to.equal(1n);
    expect(await morphoPosition(fixture, "inverse")).to.deep.equal(inverseBefore);
    // The registry bills the deferred perform too, but only for its few reads.
    const deferredPayment = performed[1].totalPayment;
    expect(deferredPayment).to.be.gt(0n);
    expect(await registry.getBalance(ids[1])).to.equal(ethers.parseEther("50") - deferredPayment);

    // Arbitrageurs put the pool back on the feed; the next round performs the inverse vault alone.
    await marketTo(fixture, 2400);
    const next = await network.runRound(ids);
    expect(next.checks.map((check) => check.upkeepNeeded)).to.deep.equal([false, true]);
    expect(next.transmitted!.performed.map((upkeep) => [upkeep.upkeepId, upkeep.success])).to.deep.equal([[ids[1], true]]);
    expect((await rebalancedIn(fixture, "inverse", next.transmitted!.receipt))[0].action).to.equal(Action.Rebalance);

    // Against the same report with the check's perform data replaced by the moved pool's price (what
    // an adapter without the re-check amounts to): the vault is called, trades, fails its slippage
    // check and reverts, and the registry bills the whole attempt.
    await snapshot.restore();
    const checks = await Promise.all(ids.map((upkeepId) => network.checkUpkeep(upkeepId)));
    const first = await network.transmit(await network.sign(network.buildReport([checks[0]])));
    expect(first.performed[0].success).to.equal(true);
    const unguarded = { ...checks[1], performData: await poolSqrtPriceData(fixture, "inverse") };
    const reverted = (await network.transmit(await network.sign(network.buildReport([unguarded])))).performed[0];
    expect(reverted.success).to.equal(false);
    expect(await morphoPosition(fixture, "inverse")).to.deep.equal(inverseBefore);
    console.log(
      `      deferred perform billed ${ethers.formatEther(deferredPayment)} LINK; the same perform reaching the vault and reverting, ${ethers.formatEther(reverted.totalPayment)} LINK`,
    );
    expect(deferredPayment * 2n).to.be.lt(reverted.totalPayment);
  });
});
