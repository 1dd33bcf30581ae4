/**
 * Oracle faults: stale, zero or negative feed answers, prices outside the vault's bounds, an L2
 * sequencer that is down or in its grace period, and a pool pushed away from the oracle. Whatever adds
 * risk (deposit, mint, withdraw, levering up) must refuse with the fault's own error; redeem and
 * delevering keep working. Runs on the long vault (ETH/USD is its collateral feed) and on the inverse
 * vault (ETH/USD is its debt feed), on each lending market (Morpho Blue and Aave v3).
 */
import { expect } from "chai";
import { parseUnits } from "ethers";

import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";

import { arbitragePoolTo, moveMarket, toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { leverageToNumber, vaultPriceForEthUsd } from "../../scripts/vault/vault-parameters.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { currentOracle, currentRisk } from "../fixtures/funded-vaults.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { deployVaultWithOwnFeed } from "../fixtures/own-feed-vault.js";
import { deployVaults, vaultsFixture } from "../fixtures/vaults.js";

const KINDS: VaultKind[] = ["long", "inverse"];

/**
 * Per kind: the vault with bob and alice holding shares, the ETH/USD feed's role and max age, and
 * the ETH moves that take the vault above its band (delever) or below it (lever up).
 */
async function setup(market: MarketName, kind: VaultKind) {
  const f = await networkHelpers.loadFixture(vaultsFixture(market));
  const vault = kind === "long" ? f.long.vault : f.inverse.vault;
  const asset = kind === "long" ? f.stack.tokens.weth : f.stack.tokens.usdc;
  const amount = (eth: number) => (kind === "long" ? parseUnits(String(eth), 18) : parseUnits(String(eth * 3000), 6));
  await vault.connect(f.bob).deposit(amount(20), f.bob.address);
  await vault.connect(f.alice).deposit(amount(10), f.alice.address);
  const ethFeed = f.stack.feeds.ethUsd;
  const ethFeedAddress = await ethFeed.getAddress();
  const { collateralFeedMaxAge, debtFeedMaxAge } = await vault.oracleParameters();
  const ethFeedMaxAge = kind === "long" ? collateralFeedMaxAge : debtFeedMaxAge;
  /** Lets the ETH/USD feed go stale while every other feed stays fresh. */
  const makeEthFeedStale = async () => {
    await networkHelpers.time.increase(ethFeedMaxAge + 1n);
    if (kind === "inverse") await f.stack.feeds.usdcUsd.setAnswer(toFeedAnswer(1));
  };
  const ethUpdatedAt = async () => (await ethFeed.latestRoundData())[3];
  // Long: ETH down levers the vault up past its band; inverse: ETH up does.
  const [ethForDelever, ethForLeverUp] = kind === "long" ? [2700, 3400] : [3400, 2600];
  return {
    ...f,
    kind,
    vault,
    asset,
    amount,
    ethFeed,
    ethFeedAddress,
    ethFeedMaxAge,
    makeEthFeedStale,
    ethUpdatedAt,
    ethForDelever,
    ethForLeverUp,
  };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

/** Pins the next block's timestamp and returns it. */
async function pinNextTimestamp() {
  const next = BigInt(await networkHelpers.time.latest()) + 1n;
  await networkHelpers.time.setNextBlockTimestamp(next);
  return next;
}

/** Bob redeems half his shares and receives collateral. */
async function expectRedeemWorks(ctx: Pick<Ctx, "vault" | "bob" | "asset">) {
  const { vault, bob, asset } = ctx;
  const shares = (await vault.balanceOf(bob.address)) / 2n;
  const before = await asset.balanceOf(bob.address);
  await vault.connect(bob).redeem(shares, bob.address, bob.address);
  expect(await asset.balanceOf(bob.address)).to.be.greaterThan(before);
}

/** The vault's price bounds for an ETH/USD range (the inverse vault's price falls as ETH rises). */
function boundsForEthRange(kind: VaultKind, lowUsd: number, highUsd: number) {
  const [a, b] = [vaultPriceForEthUsd(lowUsd, kind), vaultPriceForEthUsd(highUsd, kind)];
  return kind === "long" ? { minPrice: a, maxPrice: b } : { minPrice: b, maxPrice: a };
}

for (const market of MARKETS) for (const kind of KINDS) {
  describe(`Oracle faults (${kind} vault on ${marketCases[market].label})`, function () {
    describe("stale ETH/USD feed", function () {
      it("deposit reverts StaleFeed with the feed, its update time, its max age and the block time", async function () {
        const ctx = await setup(market, kind);
        await ctx.makeEthFeedStale();
        const updatedAt = await ctx.ethUpdatedAt();
        const now = await pinNextTimestamp();
        await expect(ctx.vault.connect(ctx.carol).deposit(ctx.amount(1), ctx.carol.address))
          .to.be.revertedWithCustomError(ctx.vault, "StaleFeed")
          .withArgs(ctx.ethFeedAddress, updatedAt, ctx.ethFeedMaxAge, now);
      });

      it("mint reverts StaleFeed", async function () {
        const ctx = await setup(market, kind);
        await ctx.makeEthFeedStale();
        await expect(ctx.vault.connect(ctx.carol).mint(10n ** 18n, ctx.carol.address))
          .to.be.revertedWithCustomError(ctx.vault, "StaleFeed")
          .withArgs(ctx.ethFeedAddress, await ctx.ethUpdatedAt(), ctx.ethFeedMaxAge, anyValue);
      });

      it("withdraw reverts StaleFeed", async function () {
        const ctx = await setup(market, kind);
        await ctx.makeEthFeedStale();
        await expect(ctx.vault.connect(ctx.bob).withdraw(ctx.amount(1), ctx.bob.address, ctx.bob.address))
          .to.be.revertedWithCustomError(ctx.vault, "StaleFeed")
          .withArgs(ctx.ethFeedAddress, await ctx.ethUpdatedAt(), ctx.ethFeedMaxAge, anyValue);
      });

      it("redeem works while the feed is stale", async function () {
        const ctx = await setup(market, kind);
        await ctx.makeEthFeedStale();
        expect((await ctx.vault.positionState()).priceHealthy).to.equal(false);
        await expectRedeemWorks(ctx);
      });

      it("the keeper can still delever an out-of-band vault while the feed is stale", async function () {
        const ctx = await setup(market, kind);
        const { vault, keeper, stack } = ctx;
        await moveMarket(stack, ctx.ethForDelever);
        await ctx.makeEthFeedStale();
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(1n);
        expect(status.leverUp).to.equal(false);
        expect((await vault.positionState()).priceHealthy).to.equal(false);

        await expect(vault.connect(keeper).rebalance()).to.emit(vault, "Rebalanced");
        expect(Math.abs(leverageToNumber((await vault.positionState()).leverage) - 2)).to.be.below(0.01);
      });

      it("a rebalance that would lever up reverts StaleFeed", async function () {
        const ctx = await setup(market, kind);
        const { vault, keeper, stack } = ctx;
        await moveMarket(stack, ctx.ethForLeverUp);
        await ctx.makeEthFeedStale();
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(1n);
        expect(status.leverUp).to.equal(true);

        const updatedAt = await ctx.ethUpdatedAt();
        const now = await pinNextTimestamp();
        await expect(vault.connect(keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "StaleFeed")
          .withArgs(ctx.ethFeedAddress, updatedAt, ctx.ethFeedMaxAge, now);
      });
    });

    describe("zero or negative answers", function () {
      for (const answer of [0n, -1n]) {
        it(`deposit reverts InvalidFeedAnswer when the ETH/USD feed answers ${answer}`, async function () {
          const ctx = await setup(market, kind);
          await ctx.ethFeed.setAnswer(answer);
          await expect(ctx.vault.connect(ctx.carol).deposit(ctx.amount(1), ctx.carol.address))
            .to.be.revertedWithCustomError(ctx.vault, "InvalidFeedAnswer")
            .withArgs(ctx.ethFeedAddress, answer);
        });

        it(`totalAssets does not revert and uses the pool's time-weighted price when the feed answers ${answer}`, async function () {
          const ctx = await setup(market, kind);
          const healthyPrice = (await ctx.vault.positionState()).price;
          await ctx.ethFeed.setAnswer(answer);
          const state = await ctx.vault.positionState();
          expect(state.priceHealthy).to.equal(false);
          // The pool sits at the market (ETH 3000, moved a little by the deposits): its mean price is the feed's to within 1%.
          expect(state.price).to.be.closeTo(healthyPrice, healthyPrice / 100n);
          expect(await ctx.vault.totalAssets()).to.equal(state.equity);
          expect(state.equity).to.be.greaterThan(0n);
        });

        it(`redeem works on the pool's time-weighted price when the vault's own feed answers ${answer}`, async function () {
          const ctx = await deployVaultWithOwnFeed(market, kind);
          await ctx.vaultFeed.setAnswer(answer);
          expect((await ctx.vault.positionState()).priceHealthy).to.equal(false);
          await expectRedeemWorks(ctx);
        });

        it(`the last holder can redeem everything when the vault's own feed answers ${answer}`, async function () {
          const ctx = await deployVaultWithOwnFeed(market, kind);
          const { vault, alice, bob, asset } = ctx;
          await vault.connect(bob).redeem(await vault.balanceOf(bob.address), bob.address, bob.address);
          await ctx.vaultFeed.setAnswer(answer);
          const before = await asset.balanceOf(alice.address);
          await vault.connect(alice).redeem(await vault.balanceOf(alice.address), alice.address, alice.address);
          expect(await asset.balanceOf(alice.address)).to.be.greaterThan(before);
          expect(await vault.totalSupply()).to.equal(0n);
        });

        it(`when the lending market's own oracle answers ${answer}, the market holds the collateral until it recovers`, async function () {
          // The market checks a borrower's health with its own oracle before releasing collateral; with
          // no price it releases none while debt remains. The vault cannot override its market: redeem
          // reverts with the market's oracle failure and works again once the feed recovers.
          const ctx = await setup(market, kind);
          await ctx.ethFeed.setAnswer(answer);
          const shares = (await ctx.vault.balanceOf(ctx.bob.address)) / 2n;
          await ctx.lendingMarket.expectOracleFailure(ctx.stack, ctx.vault.connect(ctx.bob).redeem(shares, ctx.bob.address, ctx.bob.address));
          await ctx.ethFeed.setAnswer(toFeedAnswer(3000));
          await expectRedeemWorks(ctx);
        });
      }
    });

    describe("price outside the vault's bounds", function () {
      it("after the guardian narrows the range below the price, deposit reverts PriceOutOfBounds and redeem works", async function () {
        const ctx = await setup(market, kind);
        const { vault, owner, carol } = ctx;
        const bounds = boundsForEthRange(kind, 2000, 2900);
        // Narrowing the range reduces risk: it applies at once.
        await expect(vault.connect(owner).updateParameters(await currentRisk(ctx.vault), { ...(await currentOracle(ctx.vault)), ...bounds }))
          .to.emit(vault, "ParametersUpdated");
        const price = vaultPriceForEthUsd(3000, kind);
        // The answer outside the range is not used: the pool's mean price (at the market) is.
        expect((await vault.positionState()).price).to.be.closeTo(price, price / 100n);
        expect((await vault.positionState()).priceHealthy).to.equal(false);

        // The bounds in force: the inverse vault's are rounded outward to 120 significant bits.
        const inForce = await currentOracle(vault);
        expect(inForce.minPrice).to.be.closeTo(bounds.minPrice, bounds.minPrice >> 119n);
        await expect(vault.connect(carol).deposit(ctx.amount(1), carol.address))
          .to.be.revertedWithCustomError(vault, "PriceOutOfBounds")
          .withArgs(price, inForce.minPrice, inForce.maxPrice);
        await expectRedeemWorks(ctx);
      });

      it("a market move out of a narrowed range makes deposit revert PriceOutOfBounds and redeem still works", async function () {
        const ctx = await setup(market, kind);
        const { vault, owner, carol, stack } = ctx;
        const bounds = boundsForEthRange(kind, 2500, 3500);
        await vault.connect(owner).updateParameters(await currentRisk(ctx.vault), { ...(await currentOracle(ctx.vault)), ...bounds });
        await vault.connect(carol).deposit(ctx.amount(1), carol.address);

        await moveMarket(stack, 3600);
        // Views never use the answer outside the bounds: they price the vault at the pool's mean
        // price, which a move within the block cannot carry all the way.
        const state = await vault.positionState();
        const [before, after] = [vaultPriceForEthUsd(3000, kind), vaultPriceForEthUsd(3600, kind)];
        const [low, high] = before < after ? [before, after] : [after, before];
        expect(state.price).to.be.within(low - low / 100n, high + high / 100n);
        expect(state.price).to.not.equal(after);
        expect(state.priceHealthy).to.equal(false);
        const inForce = await currentOracle(vault);
        await expect(vault.connect(carol).deposit(ctx.amount(1), carol.address))
          .to.be.revertedWithCustomError(vault, "PriceOutOfBounds")
          .withArgs(vaultPriceForEthUsd(3600, kind), inForce.minPrice, inForce.maxPrice);
        // Exits during a feed fault trade against the pool's 10-minute mean price: after a 20% jump
        // in one block they wait for the mean to catch up with the market.
        await networkHelpers.time.increase(600);
        await expectRedeemWorks(ctx);
      });
    });

    describe("pool pushed away from the oracle", function () {
      /** The decoded revert of a call, for checking its numbers. */
      async function revertOf(ctx: Ctx, call: Promise<unknown>) {
        try {
          await call;
        } catch (error) {
          const data = (error as { data?: string }).data;
          const parsed = ctx.vault.interface.parseError(data!);
          return parsed!;
        }
        throw new Error("the call did not revert");
      }

      it("deposit reverts PoolPriceDeviation with the pool price, the oracle price and the bound", async function () {
        const ctx = await setup(market, kind);
        const { vault, carol, stack } = ctx;
        await arbitragePoolTo(stack, toFeedAnswer(3100));
        const oraclePrice = vaultPriceForEthUsd(3000, kind);

        await expect(vault.connect(carol).deposit(ctx.amount(1), carol.address))
          .to.be.revertedWithCustomError(vault, "PoolPriceDeviation")
          .withArgs(anyValue, oraclePrice, 100n);
        const parsed = await revertOf(ctx, vault.connect(carol).deposit.staticCall(ctx.amount(1), carol.address));
        const poolPrice = parsed.args[0] as bigint;
        const expected = vaultPriceForEthUsd(3100, kind);
        const gap = poolPrice > expected ? poolPrice - expected : expected - poolPrice;
        expect(gap * 10_000n).to.be.below(expected); // within 1 bp of the pool's 3100 USD
      });

      it("a keeper rebalance reverts PoolPriceDeviation", async function () {
        const ctx = await setup(market, kind);
        const { vault, keeper, stack } = ctx;
        await moveMarket(stack, ctx.ethForDelever);
        expect((await vault.rebalanceStatus()).action).to.equal(1n);
        // 3.3% away from the oracle, in the direction that would make the delever look cheap.
        await arbitragePoolTo(stack, toFeedAnswer(kind === "long" ? ctx.ethForDelever * 1.033 : ctx.ethForDelever / 1.033));

        await expect(vault.connect(keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "PoolPriceDeviation")
          .withArgs(anyValue, vaultPriceForEthUsd(ctx.ethForDelever, kind), 100n);
      });
    });
  });
}

for (const market of MARKETS) describe(`Oracle faults: L2 sequencer uptime feed (long vault on ${marketCases[market].label})`, function () {
  const sequencerFixture = {
    [`${market}SequencerFixture`]: () => sequencerVaultFixture(market),
  }[`${market}SequencerFixture`]!;
  async function sequencerVaultFixture(market: MarketName) {
    const f = await deployVaults(market);
    const sequencer = await ethers.deployContract("SettablePriceFeed", [0, "Sequencer Uptime", 0]);
    const now = BigInt(await networkHelpers.time.latest());
    // Up since long ago: the constructor reads the price strictly.
    await sequencer.setRoundData(0, 1, now);
    const deployment = await f.lendingMarket.deployVault(ethers, f.stack, {
      sequencerFeed: await sequencer.getAddress(),
      oracle: { sequencerGracePeriod: 3600 },
      libraries: f.long.libraries,
      keeper: f.keeper.address,
    });
    const vault = deployment.vault;
    for (const account of [f.alice, f.bob]) {
      await f.stack.tokens.weth.connect(account).approve(await vault.getAddress(), ethers.MaxUint256);
    }
    await vault.connect(f.bob).deposit(parseUnits("10", 18), f.bob.address);
    return { ...f, sequencer, vault };
  }

  it("deposit reverts SequencerDown while the sequencer is down, and redeem works", async function () {
    const { sequencer, vault, alice, bob, stack } = await networkHelpers.loadFixture(sequencerFixture);
    const now = BigInt(await networkHelpers.time.latest());
    await sequencer.setRoundData(1, now, now);
    await expect(vault.connect(alice).deposit(parseUnits("1", 18), alice.address))
      .to.be.revertedWithCustomError(vault, "SequencerDown")
      .withArgs(await sequencer.getAddress());

    const before = await stack.tokens.weth.balanceOf(bob.address);
    await vault.connect(bob).redeem((await vault.balanceOf(bob.address)) / 2n, bob.address, bob.address);
    expect(await stack.tokens.weth.balanceOf(bob.address)).to.be.greaterThan(before);
  });

  it("deposit reverts SequencerGracePeriod right after the sequencer is back up", async function () {
    const { sequencer, vault, alice } = await networkHelpers.loadFixture(sequencerFixture);
    const downAt = BigInt(await networkHelpers.time.latest());
    await sequencer.setRoundData(1, downAt, downAt);
    const upSince = downAt + 100n;
    await networkHelpers.time.setNextBlockTimestamp(upSince);
    await sequencer.setRoundData(0, upSince, upSince);
    await expect(vault.connect(alice).deposit(parseUnits("1", 18), alice.address))
      .to.be.revertedWithCustomError(vault, "SequencerGracePeriod")
      .withArgs(upSince, upSince + 3600n);
  });

  it("deposit works again once the grace period has passed", async function () {
    const { sequencer, vault, alice, stack } = await networkHelpers.loadFixture(sequencerFixture);
    const upSince = BigInt(await networkHelpers.time.latest());
    await sequencer.setRoundData(1, upSince - 10n, upSince - 10n);
    await sequencer.setRoundData(0, upSince, upSince);
    await networkHelpers.time.increase(3600);
    // Keep the ETH/USD feed fresh across the hour.
    await stack.feeds.ethUsd.setAnswer(toFeedAnswer(3000));
    const state = await vault.positionState();
    expect(state.priceHealthy).to.equal(true);
    await vault.connect(alice).deposit(parseUnits("1", 18), alice.address);
    expect(await vault.balanceOf(alice.address)).to.be.greaterThan(0n);
  });
});
