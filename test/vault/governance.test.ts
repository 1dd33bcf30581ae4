/**
 * Governance of a vault whose owner is an OpenZeppelin `TimelockController`: the timelock's delay is
 * the wait of every owner change (risk-increasing parameter changes included), guardians make
 * risk-reducing changes at once, and hard bounds hold for everyone. Governance runs in the shared
 * `LeveragedVaultGovernance` module by DELEGATECALL, so its events come from the vault.
 */
import { expect } from "chai";
import { parseUnits, type ContractTransactionResponse, type Signer } from "ethers";


import type { OracleParameters, RiskParameters } from "../../scripts/vault/vault-parameters.js";
import type { ILeveragedVault, TimelockController } from "../../types/ethers-contracts/index.js";
import {
  WAD,
  currentOracle,
  currentRisk,
  deployFundedVaults,
  ethers,
  MARKETS,
  marketCases,
  networkHelpers,
  refreshFeeds,
  type MarketName,
} from "../fixtures/funded-vaults.js";
import { leverageAtLtv } from "../fixtures/markets.js";
import { fixturePerMarket } from "../fixtures/vaults.js";

/** The timelock's minimum delay: one day. */
const DELAY = 86_400n;
/** `TimelockController`'s operation state bit for "ready" (`1 << OperationState.Ready`). */
const READY_STATE = ethers.zeroPadValue("0x04", 32);

/** Salts for timelock operations, so that two identical calls get distinct operation ids. */
let saltCounter = 0;

/**
 * A timelock operation calling `data` on `target`, scheduled by `proposer` with the minimum delay;
 * `execute()` runs it (it reverts before the delay has passed).
 */
async function schedule(timelock: TimelockController, proposer: Signer, target: string, data: string) {
  const salt = ethers.zeroPadValue(ethers.toBeHex(++saltCounter), 32);
  const id = await timelock.hashOperation(target, 0n, data, ethers.ZeroHash, salt);
  await expect(timelock.connect(proposer).schedule(target, 0n, data, ethers.ZeroHash, salt, DELAY)).to.emit(timelock, "CallScheduled");
  return {
    id,
    readyAt: await timelock.getTimestamp(id),
    execute: () => timelock.connect(proposer).execute(target, 0n, data, ethers.ZeroHash, salt),
  };
}

/** Schedules `data` on `target`, waits out the delay, and returns the execution's transaction promise. */
async function throughTimelock(timelock: TimelockController, proposer: Signer, target: string, data: string) {
  const operation = await schedule(timelock, proposer, target, data);
  await networkHelpers.time.increaseTo(operation.readyAt);
  return operation.execute();
}

/**
 * The funded long vault, owned by a `TimelockController` (one-day delay; signer 0 is its only
 * proposer and executor, no admin). Ownership moved in two steps: the old owner's
 * `transferOwnership(timelock)`, then the timelock's `acceptOwnership()`. Carol is the guardian; the
 * former owner keeps no role of its own on the vault.
 */
async function deployTimelockOwnedVault(lendingMarket: MarketName) {
  const fixture = await deployFundedVaults(lendingMarket);
  const { vault, market } = fixture.long;
  const { owner: proposer, carol: guardian } = fixture;
  const timelock = await (await ethers.getContractFactory("TimelockController", proposer)).deploy(
    DELAY,
    [proposer.address],
    [proposer.address],
    ethers.ZeroAddress,
  );
  const timelockAddress = await timelock.getAddress();
  await vault.connect(proposer).setGuardian(guardian.address, true);
  await vault.connect(proposer).setGuardian(proposer.address, false);

  await expect(vault.connect(proposer).transferOwnership(timelockAddress))
    .to.emit(vault, "OwnershipTransferStarted")
    .withArgs(proposer.address, timelockAddress);
  const vaultAddress = await vault.getAddress();
  await expect(await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("acceptOwnership")))
    .to.emit(vault, "OwnershipTransferred")
    .withArgs(proposer.address, timelockAddress);
  // A day passed: publish fresh prices so flows work again.
  await refreshFeeds(fixture, 3000);
  return { fixture, vault, market, timelock, timelockAddress, vaultAddress, proposer, guardian };
}
const timelockOwnedVaultFixture = fixturePerMarket("timelockOwnedVaultFixture", deployTimelockOwnedVault);

/** The `ParametersUpdated` arguments of a transaction, as plain parameter objects. */
async function parametersUpdated(vault: ILeveragedVault, tx: ContractTransactionResponse) {
  const receipt = await tx.wait();
  const vaultAddress = (await vault.getAddress()).toLowerCase();
  const events = receipt!.logs
    .filter((log) => log.address.toLowerCase() === vaultAddress)
    .map((log) => vault.interface.parseLog(log))
    .filter((parsed) => parsed?.name === "ParametersUpdated");
  expect(events, "ParametersUpdated events").to.have.length(1);
  const { risk, oracle } = events[0]!.args;
  return { risk: risk.toObject() as Record<string, bigint>, oracle: oracle.toObject() as Record<string, bigint> };
}

/** Every field of `expected` as bigints, to compare with decoded event arguments. */
const asBigInts = (expected: RiskParameters | OracleParameters) =>
  Object.fromEntries(Object.entries(expected).map(([key, value]) => [key, BigInt(value)]));

for (const lendingMarket of MARKETS) describe(`governance (owner: a TimelockController; long vault on ${marketCases[lendingMarket].label})`, function () {
  async function setup() {
    const deployed = await networkHelpers.loadFixture(timelockOwnedVaultFixture(lendingMarket));
    return {
      ...deployed,
      mallory: deployed.fixture.mallory,
      alice: deployed.fixture.alice,
      risk: await currentRisk(deployed.vault),
      oracle: await currentOracle(deployed.vault),
    };
  }

  describe("ownership", function () {
    it("the timelock owns the vault after transferOwnership and its own acceptOwnership", async function () {
      const { vault, timelockAddress } = await setup();
      expect(await vault.owner()).to.equal(timelockAddress);
      expect(await vault.pendingOwner()).to.equal(ethers.ZeroAddress);
    });

    it("ownership moves in two steps: only the owner nominates, and only the nominee accepts", async function () {
      const { fixture } = await networkHelpers.loadFixture(timelockOwnedVaultFixture(lendingMarket));
      // The inverse vault still has its EOA owner: nominate carol, then mallory tries to accept.
      const { vault } = fixture.inverse;
      const { owner, carol, mallory } = fixture;
      await expect(vault.connect(mallory).transferOwnership(mallory.address))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(mallory.address);
      await vault.connect(owner).transferOwnership(carol.address);
      expect(await vault.owner()).to.equal(owner.address);
      expect(await vault.pendingOwner()).to.equal(carol.address);
      await expect(vault.connect(mallory).acceptOwnership())
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(mallory.address);
      await expect(vault.connect(carol).acceptOwnership()).to.emit(vault, "OwnershipTransferred").withArgs(owner.address, carol.address);
    });

    it("the former owner, now only the timelock's proposer, can change nothing on the vault directly", async function () {
      const { vault, proposer, risk, oracle } = await setup();
      await expect(vault.connect(proposer).setKeeper(proposer.address, true))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(proposer.address);
      await expect(vault.connect(proposer).updateParameters({ ...risk, targetLeverage: parseUnits("2.1", 18) }, oracle))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(proposer.address);
    });

    it("the timelock sets keepers and guardians after its delay, and each change emits from the vault", async function () {
      const { vault, vaultAddress, timelock, proposer, mallory, guardian } = await setup();
      await expect(await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("setKeeper", [mallory.address, true])))
        .to.emit(vault, "KeeperSet")
        .withArgs(mallory.address, true);
      expect(await vault.isKeeper(mallory.address)).to.equal(true);
      await expect(await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("setGuardian", [guardian.address, false])))
        .to.emit(vault, "GuardianSet")
        .withArgs(guardian.address, false);
      expect(await vault.isGuardian(guardian.address)).to.equal(false);
    });
  });

  describe("risk-increasing changes wait out the timelock's delay", function () {
    it("a higher target is scheduled, refused before the delay, and applied by execute after it", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      const next = { ...risk, targetLeverage: parseUnits("2.1", 18) };
      const operation = await schedule(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("updateParameters", [next, oracle]));
      expect(operation.readyAt).to.equal(BigInt(await networkHelpers.time.latest()) + DELAY);

      await networkHelpers.time.setNextBlockTimestamp(operation.readyAt - 1n);
      await expect(operation.execute())
        .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
        .withArgs(operation.id, READY_STATE);
      expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);

      await networkHelpers.time.setNextBlockTimestamp(operation.readyAt);
      const event = await parametersUpdated(vault, await operation.execute());
      expect(event.risk).to.deep.equal(asBigInts(next));
      expect(event.oracle).to.deep.equal(asBigInts(oracle));
      expect(await currentRisk(vault)).to.deep.equal(next);
    });

    it("the delay cannot be shortened: scheduling with less than the minimum delay reverts", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      const data = vault.interface.encodeFunctionData("updateParameters", [{ ...risk, targetLeverage: parseUnits("2.1", 18) }, oracle]);
      await expect(timelock.connect(proposer).schedule(vaultAddress, 0n, data, ethers.ZeroHash, ethers.ZeroHash, DELAY - 1n))
        .to.be.revertedWithCustomError(timelock, "TimelockInsufficientDelay")
        .withArgs(DELAY - 1n, DELAY);
    });

    it("a wider price range waits like any risk increase", async function () {
      const { vault, vaultAddress, timelock, proposer, guardian, risk, oracle } = await setup();
      const wider = { ...oracle, maxPrice: oracle.maxPrice * 2n };
      await expect(vault.connect(guardian).updateParameters(risk, wider))
        .to.be.revertedWithCustomError(vault, "RiskIncreaseNotPermitted")
        .withArgs(guardian.address);
      await expect(await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("updateParameters", [risk, wider]))).to.emit(
        vault,
        "ParametersUpdated",
      );
      expect((await currentOracle(vault)).maxPrice).to.equal(wider.maxPrice);
    });

    it("price bounds beyond 120 significant bits are kept rounded outward, and the event shows the bounds in force", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      // 2^130 + 2^20 + 1 needs 131 bits: the slot keeps the top 120, the minimum rounds down, the maximum up.
      const odd = 2n ** 130n + 2n ** 20n + 1n;
      const next = { ...oracle, minPrice: 1n, maxPrice: odd };
      const inForce = { minPrice: 1n, maxPrice: 2n ** 130n + 2n ** 20n + 2n ** 11n };
      const tx = await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("updateParameters", [risk, next]));
      const current = await currentOracle(vault);
      expect([current.minPrice, current.maxPrice]).to.deep.equal([inForce.minPrice, inForce.maxPrice]);
      const receipt = await tx.wait();
      const updated = receipt!.logs.map((log) => vault.interface.parseLog(log)).find((event) => event?.name === "ParametersUpdated");
      expect(updated!.args.oracle.maxPrice).to.equal(inForce.maxPrice);
    });

    it("a maxPrice above the largest packable bound reverts ParameterOutOfBounds", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      const largest = (2n ** 120n - 1n) << 136n;
      const data = vault.interface.encodeFunctionData("updateParameters", [risk, { ...oracle, maxPrice: largest + 1n }]);
      await expect(throughTimelock(timelock, proposer, vaultAddress, data))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("maxPrice", largest + 1n, oracle.minPrice, largest);
    });

    it("a scheduled change cancelled before it runs never applies", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      const next = { ...risk, targetLeverage: parseUnits("2.1", 18) };
      const operation = await schedule(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("updateParameters", [next, oracle]));
      await expect(timelock.connect(proposer).cancel(operation.id)).to.emit(timelock, "Cancelled").withArgs(operation.id);
      await networkHelpers.time.increaseTo(operation.readyAt);
      await expect(operation.execute()).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
      expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);
    });
  });

  describe("guardians reduce risk at once, and only reduce it", function () {
    it("a guardian's lower maxTradeSize applies at once and emits the new parameters", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const next = { ...risk, maxTradeSize: risk.maxTradeSize / 10n };
      const event = await parametersUpdated(vault, await vault.connect(guardian).updateParameters(next, oracle));
      expect(event.risk).to.deep.equal(asBigInts(next));
      expect(await currentRisk(vault)).to.deep.equal(next);
    });

    it("a guardian's lower depositCap applies at once and bounds maxDeposit", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const equity = await vault.totalAssets();
      const next = { ...risk, depositCap: equity + parseUnits("1", 18) };
      await expect(vault.connect(guardian).updateParameters(next, oracle)).to.emit(vault, "ParametersUpdated");
      // The room left under the cap (interest moved the equity a little since it was read).
      const room = next.depositCap - (await vault.totalAssets());
      expect(room).to.be.within(parseUnits("1", 18), parseUnits("1.001", 18));
      expect(await vault.maxDeposit(guardian.address)).to.equal(room);
    });

    it("a guardian's tighter feed max age applies at once", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const next = { ...oracle, collateralFeedMaxAge: 1800 };
      await expect(vault.connect(guardian).updateParameters(risk, next)).to.emit(vault, "ParametersUpdated");
      expect((await currentOracle(vault)).collateralFeedMaxAge).to.equal(1800);
    });

    it("a guardian's higher target reverts RiskIncreaseNotPermitted", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      await expect(vault.connect(guardian).updateParameters({ ...risk, targetLeverage: parseUnits("2.1", 18) }, oracle))
        .to.be.revertedWithCustomError(vault, "RiskIncreaseNotPermitted")
        .withArgs(guardian.address);
    });

    it("a change that lowers one field and raises another counts as risk-increasing", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const mixed = { ...risk, maxTradeSize: risk.maxTradeSize / 2n, maxSlippageBps: risk.maxSlippageBps + 1 };
      await expect(vault.connect(guardian).updateParameters(mixed, oracle))
        .to.be.revertedWithCustomError(vault, "RiskIncreaseNotPermitted")
        .withArgs(guardian.address);
    });

    it("the same risk-reducing change from an outsider reverts NotGuardian", async function () {
      const { vault, mallory, risk, oracle } = await setup();
      await expect(vault.connect(mallory).updateParameters({ ...risk, maxTradeSize: risk.maxTradeSize / 10n }, oracle))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
    });

    it("a guardian removed by the timelock can no longer make changes", async function () {
      const { vault, vaultAddress, timelock, proposer, guardian } = await setup();
      await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("setGuardian", [guardian.address, false]));
      const risk = await currentRisk(vault);
      await expect(vault.connect(guardian).updateParameters({ ...risk, depositCap: 1n }, await currentOracle(vault)))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(guardian.address);
    });
  });

  describe("hard bounds hold for the owner too", function () {
    it("liquidationLeverage is 1 / (1 - the market's liquidation LTV), borrowLeverage 1 / (1 - the LTV it lends up to)", async function () {
      const { vault, fixture } = await setup();
      const { lendingMarket: market, stack } = fixture;
      expect(await vault.liquidationLeverage()).to.equal(leverageAtLtv(await market.liquidationLtv(stack, "long")));
      expect(await vault.borrowLeverage()).to.equal(leverageAtLtv(await market.borrowLtv(stack, "long")));
    });

    const riskCases: {
      name: string;
      label?: string;
      change: (r: RiskParameters, liquidation: bigint) => Partial<RiskParameters>;
      bounds: (r: RiskParameters, liquidation: bigint, borrow: bigint) => [bigint, bigint];
    }[] = [
      { name: "maxSlippageBps", change: () => ({ maxSlippageBps: 301 }), bounds: () => [0n, 300n] },
      {
        name: "targetLeverage",
        change: () => ({ targetLeverage: 11n * WAD, maxLeverage: 11n * WAD, emergencyLeverage: 12n * WAD }),
        bounds: () => [WAD, 10n * WAD],
      },
      {
        name: "emergencyLeverage",
        label: "emergencyLeverage above 90% of the liquidation leverage",
        // 90% of the liquidation leverage is the highest allowed threshold: one wei above it fails.
        change: (_r, liquidation) => ({ emergencyLeverage: (liquidation * 9000n) / 10_000n + 1n }),
        bounds: (r, liquidation) => [r.maxLeverage + 1n, (liquidation * 9000n) / 10_000n],
      },
      {
        name: "emergencyLeverage",
        label: "emergencyLeverage not above maxLeverage",
        change: (r) => ({ emergencyLeverage: r.maxLeverage }),
        bounds: (r, liquidation) => [r.maxLeverage + 1n, (liquidation * 9000n) / 10_000n],
      },
      { name: "minLeverage", change: (r) => ({ minLeverage: r.targetLeverage + 1n }), bounds: (r) => [WAD, r.targetLeverage] },
      {
        name: "maxLeverage",
        change: (r) => ({ maxLeverage: r.targetLeverage - 1n }),
        // The ceiling must also sit below the leverage the market still lends at: Morpho lends up to its
        // LLTV, so 90% of the liquidation leverage binds; Aave lends only up to the reserve LTV (5x for
        // WETH, below 90% of its 5.71x liquidation leverage), so that binds there.
        bounds: (r, liquidation, borrow) => {
          const cap = (liquidation * 9000n) / 10_000n;
          return [r.targetLeverage, cap < borrow - 1n ? cap : borrow - 1n];
        },
      },
      { name: "recenteringSpeedBps", change: () => ({ recenteringSpeedBps: 0 }), bounds: () => [1n, 10_000n] },
      { name: "maxPoolDeviationBps", change: () => ({ maxPoolDeviationBps: 301 }), bounds: () => [1n, 300n] },
      { name: "emergencyRewardBps", change: () => ({ emergencyRewardBps: 101 }), bounds: () => [0n, 100n] },
      { name: "cooldown", change: () => ({ cooldown: 86_401 }), bounds: () => [0n, 86_400n] },
      { name: "maxTradeSize", change: () => ({ maxTradeSize: 0n }), bounds: () => [1n, 2n ** 128n - 1n] },
    ];
    for (const { name, label, change, bounds } of riskCases) {
      it(`${label ?? `${name} outside its bounds`} reverts ParameterOutOfBounds, even from the timelock after its delay`, async function () {
        const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
        const liquidation = await vault.liquidationLeverage();
        const next = { ...risk, ...change(risk, liquidation) };
        const [min, max] = bounds(risk, liquidation, await vault.borrowLeverage());
        const value = next[name as keyof RiskParameters] as bigint | number;
        await expect(throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("updateParameters", [next, oracle])))
          .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
          .withArgs(name, BigInt(value), min, max);
        expect(await currentRisk(vault)).to.deep.equal(risk);
      });
    }

    it("the emergency threshold may sit exactly at 90% of the liquidation leverage", async function () {
      const { vault, vaultAddress, timelock, proposer, risk, oracle } = await setup();
      const cap = ((await vault.liquidationLeverage()) * 9000n) / 10_000n;
      const data = vault.interface.encodeFunctionData("updateParameters", [{ ...risk, emergencyLeverage: cap }, oracle]);
      await expect(await throughTimelock(timelock, proposer, vaultAddress, data)).to.emit(vault, "ParametersUpdated");
      expect((await currentRisk(vault)).emergencyLeverage).to.equal(cap);
    });

    it("a guardian's out-of-bounds change reverts ParameterOutOfBounds, not a permission error", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      await expect(vault.connect(guardian).updateParameters({ ...risk, recenteringSpeedBps: 0 }, oracle))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("recenteringSpeedBps", 0n, 1n, 10_000n);
    });

    it("minPrice above maxPrice reverts ParameterOutOfBounds", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const next = { ...oracle, minPrice: oracle.maxPrice + 1n };
      await expect(vault.connect(guardian).updateParameters(risk, next))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("minPrice", oracle.maxPrice + 1n, 1n, oracle.maxPrice);
    });

    it("a feed max age under a minute reverts ParameterOutOfBounds (bounds: 1 minute to 25 hours)", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      await expect(vault.connect(guardian).updateParameters(risk, { ...oracle, collateralFeedMaxAge: 59 }))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("collateralFeedMaxAge", 59n, 60n, 25n * 3600n);
    });
  });

  describe("the governance module", function () {
    /** Parameters no vault would pass, to show that nothing was written. */
    const hostile = (risk: RiskParameters) => ({ ...risk, targetLeverage: parseUnits("3", 18), maxLeverage: parseUnits("3.2", 18), emergencyLeverage: parseUnits("3.5", 18), depositCap: 2n ** 100n });

    it("initialize through a deployed vault reverts InvalidInitialization and changes nothing", async function () {
      const { vault, vaultAddress, timelock, proposer, mallory, risk, oracle } = await setup();
      const asModule = await ethers.getContractAt("LeveragedVaultGovernance", vaultAddress);
      const call = [mallory.address, hostile(risk), oracle, await vault.liquidationLeverage(), await vault.borrowLeverage(), true] as const;
      await expect(asModule.connect(mallory).initialize(...call)).to.be.revertedWithCustomError(vault, "InvalidInitialization");
      // Not even the owner can re-initialise.
      await expect(throughTimelock(timelock, proposer, vaultAddress, asModule.interface.encodeFunctionData("initialize", [...call])))
        .to.be.revertedWithCustomError(vault, "InvalidInitialization");
      expect(await currentRisk(vault)).to.deep.equal(risk);
      expect(await currentOracle(vault)).to.deep.equal(oracle);
      expect(await vault.owner()).to.equal(await timelock.getAddress());
    });

    it("initialize called on the module itself reverts and changes no vault", async function () {
      const { vault, mallory, risk, oracle } = await setup();
      const module = await ethers.getContractAt("LeveragedVaultGovernance", await vault.governanceModule());
      const call = [mallory.address, hostile(risk), oracle, await vault.liquidationLeverage(), await vault.borrowLeverage(), true] as const;
      await expect(module.connect(mallory).initialize(...call)).to.be.revertedWithCustomError(vault, "InvalidInitialization");
      expect(await currentRisk(vault)).to.deep.equal(risk);
      expect(await module.owner()).to.equal(ethers.ZeroAddress);
    });

    it("calling the module directly, even as the vault's guardian, changes no vault", async function () {
      const { vault, guardian, proposer, risk, oracle } = await setup();
      const module = await ethers.getContractAt("LeveragedVaultGovernance", await vault.governanceModule());
      const reduced = { ...risk, maxTradeSize: risk.maxTradeSize / 10n };
      // Called directly, the module has no owner and asks itself (not a vault) for the market's LTVs, so every call fails.
      for (const signer of [guardian, proposer]) {
        await expect(module.connect(signer).updateParameters(reduced, oracle)).to.be.revert(ethers);
        await expect(module.connect(signer).setDepositsPaused(true)).to.be.revert(ethers);
        await expect(module.connect(signer).startWindDown()).to.be.revert(ethers);
        await expect(module.connect(signer).setKeeper(signer.address, true)).to.be.revert(ethers);
        await expect(module.connect(signer).setGuardian(signer.address, true)).to.be.revert(ethers);
      }
      expect(await currentRisk(vault)).to.deep.equal(risk);
      expect(await vault.depositsPaused()).to.equal(false);
      expect(await vault.windDownActive()).to.equal(false);
      expect(await vault.isKeeper(guardian.address)).to.equal(false);
      expect(await vault.isGuardian(proposer.address)).to.equal(false);
      // Its own storage holds no parameters either.
      expect((await module.riskParameters()).targetLeverage).to.equal(0n);
    });
  });

  describe("pausing deposits and winding down", function () {
    it("a guardian pauses deposits; exits stay open; only the owner (the timelock) resumes", async function () {
      const { fixture, vault, vaultAddress, timelock, proposer, guardian, mallory, alice } = await setup();
      await expect(vault.connect(mallory).setDepositsPaused(true))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
      await expect(vault.connect(guardian).setDepositsPaused(true)).to.emit(vault, "DepositsPausedSet").withArgs(true);
      expect(await vault.depositsPaused()).to.equal(true);

      const assets = parseUnits("1", 18);
      expect(await vault.maxDeposit(alice.address)).to.equal(0n);
      expect(await vault.maxMint(alice.address)).to.equal(0n);
      await expect(vault.connect(alice).deposit(assets, alice.address))
        .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
        .withArgs(alice.address, assets, 0n);
      await expect(vault.connect(alice).mint(10n ** 24n, alice.address)).to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxMint");

      // Exits: withdraw a little, redeem a slice.
      const { weth } = fixture.stack.tokens;
      const before = await weth.balanceOf(alice.address);
      await expect(vault.connect(alice).withdraw(assets, alice.address, alice.address)).to.emit(vault, "Withdraw");
      expect((await weth.balanceOf(alice.address)) - before).to.equal(assets);
      const shares = (await vault.balanceOf(alice.address)) / 4n;
      await expect(vault.connect(alice).redeem(shares, alice.address, alice.address)).to.emit(vault, "Withdraw");

      for (const signer of [guardian, proposer]) {
        await expect(vault.connect(signer).setDepositsPaused(false))
          .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
          .withArgs(signer.address);
      }
      expect(await vault.depositsPaused()).to.equal(true);
      await expect(await throughTimelock(timelock, proposer, vaultAddress, vault.interface.encodeFunctionData("setDepositsPaused", [false])))
        .to.emit(vault, "DepositsPausedSet")
        .withArgs(false);
      await refreshFeeds(fixture, 3000);
      expect(await vault.maxDeposit(alice.address)).to.be.gt(0n);
      await expect(vault.connect(alice).deposit(assets, alice.address)).to.emit(vault, "Deposit");
    });

    it("only a guardian or the owner starts the wind-down, and exits stay open during it", async function () {
      const { vault, guardian, mallory, alice } = await setup();
      await expect(vault.connect(mallory).startWindDown())
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
      await expect(vault.connect(guardian).startWindDown()).to.emit(vault, "WindDownStarted").withArgs(guardian.address);
      expect(await vault.windDownActive()).to.equal(true);
      expect(await vault.maxDeposit(alice.address)).to.equal(0n);
      const shares = (await vault.balanceOf(alice.address)) / 4n;
      await expect(vault.connect(alice).redeem(shares, alice.address, alice.address)).to.emit(vault, "Withdraw");
    });
  });
});
