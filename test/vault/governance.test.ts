import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { parseUnits } from "ethers";

import type { OracleParameters, RiskParameters } from "../../scripts/vault/vault-parameters.js";
import {
  WAD,
  currentOracle,
  currentRisk,
  ethers,
  fundedVaultsFixture,
  networkHelpers,
  pick,
} from "../fixtures/funded-vaults.js";

const coder = ethers.AbiCoder.defaultAbiCoder();
const RISK_TUPLE =
  "tuple(uint64 targetLeverage,uint64 minLeverage,uint64 maxLeverage,uint64 emergencyLeverage,uint16 recenteringSpeedBps,uint16 maxSlippageBps,uint16 maxPoolDeviationBps,uint16 emergencyRewardBps,uint32 cooldown,uint32 gracePeriod,uint128 maxTradeSize,uint128 maxEmergencyReward,uint128 depositCap)";
const ORACLE_TUPLE =
  "tuple(uint32 collateralFeedMaxAge,uint32 debtFeedMaxAge,uint32 sequencerGracePeriod,uint256 minPrice,uint256 maxPrice)";
/** `keccak256(abi.encode(risk, oracle))`, the hash the vault stores for queued parameters. */
const parametersHash = (risk: RiskParameters, oracle: OracleParameters) =>
  ethers.keccak256(coder.encode([RISK_TUPLE, ORACLE_TUPLE], [risk, oracle]));

/** The Morpho markets' LLTV in the local stack (0.86). */
const LLTV = parseUnits("0.86", 18);

describe("governance", function () {
  /** The long vault, with carol made a guardian distinct from the owner. */
  async function setup() {
    const fixture = await networkHelpers.loadFixture(fundedVaultsFixture);
    const { vault } = pick(fixture, "long");
    await expect(vault.connect(fixture.owner).setGuardian(fixture.carol.address, true))
      .to.emit(vault, "GuardianSet")
      .withArgs(fixture.carol.address, true);
    return {
      fixture,
      vault,
      owner: fixture.owner,
      guardian: fixture.carol,
      mallory: fixture.mallory,
      alice: fixture.alice,
      risk: await currentRisk(vault),
      oracle: await currentOracle(vault),
    };
  }

  describe("hard bounds", function () {
    it("liquidationLeverage is 1 / (1 - LLTV)", async function () {
      const { vault } = await setup();
      expect(await vault.liquidationLeverage()).to.equal((WAD * WAD) / (WAD - LLTV));
    });

    const riskCases: {
      name: string;
      label?: string;
      change: (r: RiskParameters, liquidation: bigint) => Partial<RiskParameters>;
      bounds: (r: RiskParameters, liquidation: bigint) => [bigint, bigint];
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
        bounds: (r, liquidation) => [r.targetLeverage, (liquidation * 9000n) / 10_000n],
      },
      { name: "recenteringSpeedBps", change: () => ({ recenteringSpeedBps: 0 }), bounds: () => [1n, 10_000n] },
      { name: "maxPoolDeviationBps", change: () => ({ maxPoolDeviationBps: 301 }), bounds: () => [1n, 300n] },
      { name: "emergencyRewardBps", change: () => ({ emergencyRewardBps: 101 }), bounds: () => [0n, 100n] },
      { name: "cooldown", change: () => ({ cooldown: 86_401 }), bounds: () => [0n, 86_400n] },
      { name: "maxTradeSize", change: () => ({ maxTradeSize: 0n }), bounds: () => [1n, 2n ** 128n - 1n] },
    ];
    for (const { name, label, change, bounds } of riskCases) {
      it(`${label ?? `${name} outside its bounds`} reverts ParameterOutOfBounds`, async function () {
        const { vault, owner, risk, oracle } = await setup();
        const liquidation = await vault.liquidationLeverage();
        const next = { ...risk, ...change(risk, liquidation) };
        const [min, max] = bounds(risk, liquidation);
        const value = next[name as keyof RiskParameters] as bigint | number;
        await expect(vault.connect(owner).updateParameters(next, oracle))
          .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
          .withArgs(name, BigInt(value), min, max);
      });
    }

    it("the emergency threshold may sit exactly at 90% of the liquidation leverage", async function () {
      const { vault, owner, risk, oracle } = await setup();
      const cap = ((await vault.liquidationLeverage()) * 9000n) / 10_000n;
      await expect(vault.connect(owner).updateParameters({ ...risk, emergencyLeverage: cap }, oracle)).to.emit(
        vault,
        "ParametersQueued",
      );
    });

    it("minPrice above maxPrice reverts ParameterOutOfBounds", async function () {
      const { vault, owner, risk, oracle } = await setup();
      const next = { ...oracle, minPrice: oracle.maxPrice + 1n };
      await expect(vault.connect(owner).updateParameters(risk, next))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("minPrice", oracle.maxPrice + 1n, 1n, oracle.maxPrice);
    });

    it("a feed max age of zero reverts ParameterOutOfBounds", async function () {
      const { vault, owner, risk, oracle } = await setup();
      await expect(vault.connect(owner).updateParameters(risk, { ...oracle, collateralFeedMaxAge: 0 }))
        .to.be.revertedWithCustomError(vault, "ParameterOutOfBounds")
        .withArgs("collateralFeedMaxAge", 0n, 1n, 7n * 86_400n);
    });
  });

  describe("risk-reducing changes", function () {
    it("a guardian's lower maxTradeSize applies at once", async function () {
      const { vault, guardian, risk, oracle } = await setup();
      const next = { ...risk, maxTradeSize: risk.maxTradeSize / 10n };
      await expect(vault.connect(guardian).updateParameters(next, oracle)).to.emit(vault, "ParametersUpdated");
      expect((await currentRisk(vault)).maxTradeSize).to.equal(next.maxTradeSize);
      expect(await vault.queuedParametersHash()).to.equal(ethers.ZeroHash);
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

    it("the same change from an account that is neither guardian nor owner reverts NotGuardian", async function () {
      const { vault, mallory, risk, oracle } = await setup();
      await expect(vault.connect(mallory).updateParameters({ ...risk, maxTradeSize: risk.maxTradeSize / 10n }, oracle))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
    });

    it("a removed guardian can no longer make changes", async function () {
      const { vault, owner, guardian, risk, oracle } = await setup();
      await vault.connect(owner).setGuardian(guardian.address, false);
      await expect(vault.connect(guardian).updateParameters({ ...risk, depositCap: 1n }, oracle))
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(guardian.address);
    });
  });

  describe("risk-increasing changes", function () {
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

    it("the owner's higher target is queued for the delay, checked on apply, then applies", async function () {
      const { vault, owner, mallory, risk, oracle } = await setup();
      const next = { ...risk, targetLeverage: parseUnits("2.1", 18) };
      const delay = await vault.parameterDelay();
      expect(delay).to.equal(86_400n);

      const queuedAt = BigInt(await networkHelpers.time.latest()) + 10n;
      await networkHelpers.time.setNextBlockTimestamp(queuedAt);
      const readyAt = queuedAt + delay;
      await expect(vault.connect(owner).updateParameters(next, oracle))
        .to.emit(vault, "ParametersQueued")
        .withArgs(anyValue, anyValue, readyAt);
      expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);
      const queued = parametersHash(next, oracle);
      expect(await vault.queuedParametersHash()).to.equal(queued);
      expect(await vault.queuedParametersReadyAt()).to.equal(readyAt);

      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      await expect(vault.connect(owner).applyQueuedParameters(next, oracle))
        .to.be.revertedWithCustomError(vault, "ParametersNotReady")
        .withArgs(readyAt, readyAt - 1n);

      const other = { ...next, targetLeverage: parseUnits("2.15", 18) };
      await expect(vault.connect(owner).applyQueuedParameters(other, oracle))
        .to.be.revertedWithCustomError(vault, "QueuedParametersMismatch")
        .withArgs(queued, parametersHash(other, oracle));
      await expect(vault.connect(mallory).applyQueuedParameters(next, oracle))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(mallory.address);

      await networkHelpers.time.setNextBlockTimestamp(readyAt);
      await expect(vault.connect(owner).applyQueuedParameters(next, oracle)).to.emit(vault, "ParametersUpdated");
      expect((await currentRisk(vault)).targetLeverage).to.equal(next.targetLeverage);
      expect(await vault.queuedParametersHash()).to.equal(ethers.ZeroHash);
      await expect(vault.connect(owner).applyQueuedParameters(next, oracle)).to.be.revertedWithCustomError(
        vault,
        "NoQueuedParameters",
      );
    });

    it("a wider price range is queued like any risk increase", async function () {
      const { vault, owner, risk, oracle } = await setup();
      await expect(vault.connect(owner).updateParameters(risk, { ...oracle, maxPrice: oracle.maxPrice * 2n })).to.emit(
        vault,
        "ParametersQueued",
      );
      expect((await currentOracle(vault)).maxPrice).to.equal(oracle.maxPrice);
    });

    it("a guardian cancels queued parameters, after which apply reverts NoQueuedParameters", async function () {
      const { vault, owner, guardian, mallory, risk, oracle } = await setup();
      await expect(vault.connect(guardian).cancelQueuedParameters()).to.be.revertedWithCustomError(vault, "NoQueuedParameters");
      const next = { ...risk, targetLeverage: parseUnits("2.1", 18) };
      await vault.connect(owner).updateParameters(next, oracle);

      await expect(vault.connect(mallory).cancelQueuedParameters())
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
      await expect(vault.connect(guardian).cancelQueuedParameters()).to.emit(vault, "ParametersCancelled");
      expect(await vault.queuedParametersHash()).to.equal(ethers.ZeroHash);

      await networkHelpers.time.increase(Number(await vault.parameterDelay()) + 1);
      await expect(vault.connect(owner).applyQueuedParameters(next, oracle)).to.be.revertedWithCustomError(
        vault,
        "NoQueuedParameters",
      );
      expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);
    });
  });

  describe("pausing deposits", function () {
    it("a guardian pauses deposits; exits stay open; only the owner resumes", async function () {
      const { fixture, vault, owner, guardian, mallory, alice } = await setup();
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
      await expect(vault.connect(alice).mint(10n ** 24n, alice.address)).to.be.revertedWithCustomError(
        vault,
        "ERC4626ExceededMaxMint",
      );

      // Exits: withdraw a little, redeem a slice.
      const { weth } = fixture.stack.tokens;
      const before = await weth.balanceOf(alice.address);
      await expect(vault.connect(alice).withdraw(assets, alice.address, alice.address)).to.emit(vault, "Withdraw");
      expect((await weth.balanceOf(alice.address)) - before).to.equal(assets);
      const shares = (await vault.balanceOf(alice.address)) / 4n;
      await expect(vault.connect(alice).redeem(shares, alice.address, alice.address)).to.emit(vault, "Withdraw");

      await expect(vault.connect(guardian).setDepositsPaused(false))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(guardian.address);
      expect(await vault.depositsPaused()).to.equal(true);
      await expect(vault.connect(owner).setDepositsPaused(false)).to.emit(vault, "DepositsPausedSet").withArgs(false);
      expect(await vault.maxDeposit(alice.address)).to.be.gt(0n);
      await expect(vault.connect(alice).deposit(assets, alice.address)).to.emit(vault, "Deposit");
    });

    it("only a guardian or the owner starts the wind-down", async function () {
      const { vault, guardian, mallory } = await setup();
      await expect(vault.connect(mallory).startWindDown())
        .to.be.revertedWithCustomError(vault, "NotGuardian")
        .withArgs(mallory.address);
      await expect(vault.connect(guardian).startWindDown()).to.emit(vault, "WindDownStarted").withArgs(guardian.address);
      expect(await vault.windDownActive()).to.equal(true);
    });
  });

  describe("ownership", function () {
    it("ownership moves in two steps: transferOwnership, then acceptOwnership by the new owner", async function () {
      const { vault, owner, guardian: carol, mallory } = await setup();
      await expect(vault.connect(mallory).transferOwnership(mallory.address))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(mallory.address);
      await expect(vault.connect(owner).transferOwnership(carol.address))
        .to.emit(vault, "OwnershipTransferStarted")
        .withArgs(owner.address, carol.address);
      expect(await vault.owner()).to.equal(owner.address);
      expect(await vault.pendingOwner()).to.equal(carol.address);

      await expect(vault.connect(mallory).acceptOwnership())
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(mallory.address);
      await expect(vault.connect(carol).acceptOwnership())
        .to.emit(vault, "OwnershipTransferred")
        .withArgs(owner.address, carol.address);
      expect(await vault.owner()).to.equal(carol.address);
      expect(await vault.pendingOwner()).to.equal(ethers.ZeroAddress);

      await expect(vault.connect(owner).setKeeper(owner.address, true))
        .to.be.revertedWithCustomError(vault, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(vault.connect(carol).setKeeper(carol.address, true)).to.emit(vault, "KeeperSet");
    });
  });
});
