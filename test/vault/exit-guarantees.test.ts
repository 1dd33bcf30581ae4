/**
 * Exit guarantees and the attacks of the exit-guarantees issue, each reproduced on the long and the
 * inverse vault on both lending markets (Morpho Blue and Aave v3) with the real Uniswap v3 pool:
 *
 * 1. no guardian setting blocks `redeem` or the emergency delever;
 * 2. a feed answer outside the vault's bounds never moves `totalAssets`, and exits go on;
 * 3. exits and the emergency delever work through any fault of the vault's own feed;
 * 4. a report from an earlier out-of-band episode never opens rebalancing to outsiders;
 * 5. sandwiching a rebalance does not pay, and pushing the pool cannot inflate the emergency reward;
 * 7. previews of tiny amounts are never wrong in the user's favour;
 * 8. `max*` and dust exits succeed;
 * 9. collateral sent straight to the vault joins the position.
 * (6, feed ages from heartbeats, is `feed-heartbeats.test.ts`.)
 */
import { expect } from "chai";
import { MaxUint256, type Signer } from "ethers";

import { moveMarket, toFeedAnswer, wethToUsdc } from "../../scripts/stack/deploy-local-stack.js";
import { sqrtPriceX96FromAmounts } from "../../scripts/stack/uniswap-price.js";
import { vaultPriceForEthUsd } from "../../scripts/vault/vault-parameters.js";
import {
  Action,
  currentOracle,
  currentRisk,
  fundedVaultsFixture,
  kinds,
  MARKETS,
  marketCases,
  marketTo,
  passCooldown,
  pick,
  rebalancedEvent,
  reduceRisk,
  refreshFeeds,
  revertedWith,
  scenarios,
  type FundedVaults,
} from "../fixtures/funded-vaults.js";
import { networkHelpers } from "../fixtures/local-stack.js";
import { deployVaultWithOwnFeed } from "../fixtures/own-feed-vault.js";

/** The pool's time-weighted price window (UniswapV3Venue.MEAN_PRICE_WINDOW). */
const MEAN_PRICE_WINDOW = 600;

/** Bob redeems half his shares: it succeeds and pays at least what `previewRedeem` said. */
async function expectRedeemOfHalf(ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) {
  const { vault, bob, asset } = ctx;
  const shares = (await vault.balanceOf(bob.address)) / 2n;
  const preview = await vault.previewRedeem(shares);
  const before = await asset.balanceOf(bob.address);
  await vault.connect(bob).redeem(shares, bob.address, bob.address);
  const received = (await asset.balanceOf(bob.address)) - before;
  expect(received).to.be.greaterThan(0n);
  expect(received).to.be.at.least(preview);
}

/** Trades the pool to `ethUsd` through the real SwapRouter; returns the back-run and a valuation of the attacker. */
async function pushPool(fixture: FundedVaults, attacker: Signer, ethUsd: number) {
  const { weth, usdc } = fixture.stack.tokens;
  const { pool, swapRouter, wethIsToken0, fee } = fixture.stack.uniswap;
  const attackerAddress = await attacker.getAddress();
  const oneWeth = 10n ** 18n;
  const target = wethIsToken0
    ? sqrtPriceX96FromAmounts(oneWeth, wethToUsdc(oneWeth, toFeedAnswer(ethUsd)))
    : sqrtPriceX96FromAmounts(wethToUsdc(oneWeth, toFeedAnswer(ethUsd)), oneWeth);
  const [current] = await pool.slot0();
  const priceGoesUp = target > current;
  const [token0, token1] = wethIsToken0 ? [weth, usdc] : [usdc, weth];
  const [tokenIn, tokenOut] = priceGoesUp ? [token1, token0] : [token0, token1];
  for (const token of [tokenIn, tokenOut]) await token.connect(attacker).approve(await swapRouter.getAddress(), MaxUint256);
  const outBefore = await tokenOut.balanceOf(attackerAddress);
  const swap = (from: string, to: string, amountIn: bigint, limit: bigint) =>
    (swapRouter.connect(attacker) as typeof swapRouter).exactInputSingle({
      tokenIn: from,
      tokenOut: to,
      fee,
      recipient: attackerAddress,
      deadline: MaxUint256,
      amountIn,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: limit,
    });
  await swap(await tokenIn.getAddress(), await tokenOut.getAddress(), await tokenIn.balanceOf(attackerAddress), target);
  const received = (await tokenOut.balanceOf(attackerAddress)) - outBefore;
  return {
    undo: async () => {
      await swap(await tokenOut.getAddress(), await tokenIn.getAddress(), received, 0n);
    },
  };
}

/** The attacker's WETH and USDC, valued in USDC at `ethUsd`. */
async function worthInUsdc(fixture: FundedVaults, who: string, ethUsd: number) {
  const { weth, usdc } = fixture.stack.tokens;
  return (await usdc.balanceOf(who)) + wethToUsdc(await weth.balanceOf(who), toFeedAnswer(ethUsd));
}

for (const market of MARKETS) for (const kind of kinds) {
  const scenario = scenarios[kind];

  describe(`exit guarantees (${kind} vault on ${marketCases[market].label})`, function () {
    async function funded() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
      return { fixture, ...pick(fixture, kind) };
    }

    describe("1. no guardian setting blocks an exit", function () {
      it("with maxSlippageBps 0, maxPoolDeviationBps 1 and maxTradeSize 1, redeem and the emergency delever still go through", async function () {
        const { fixture, vault, collateralToken } = await funded();
        const { owner, alice, mallory } = fixture;
        // The worst a guardian may set: all reduce risk, so they apply at once.
        await reduceRisk(vault, owner, { maxSlippageBps: 0, maxPoolDeviationBps: 1, maxTradeSize: 1n });

        const shares = (await vault.balanceOf(alice.address)) / 2n;
        const preview = await vault.previewRedeem(shares);
        const before = await collateralToken.balanceOf(alice.address);
        await vault.connect(alice).redeem(shares, alice.address, alice.address);
        expect((await collateralToken.balanceOf(alice.address)) - before).to.be.at.least(preview).and.greaterThan(0n);

        await marketTo(fixture, scenario.emergencyPrice);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Emergency);
        const event = await rebalancedEvent(vault, await vault.connect(mallory).rebalance());
        expect(event.action).to.equal(Action.Emergency);
        // A real trade, not the 1-unit trade size a guardian could set for routine rebalances.
        expect(event.leverageAfter).to.be.lessThan(event.leverageBefore - event.leverageBefore / 100n);
      });
    });

    describe("2. an answer outside the bounds is treated as a failed one", function () {
      it("totalAssets does not jump on an absurd answer, and redeem of half a position works", async function () {
        const ctx = await deployVaultWithOwnFeed(market, kind);
        const before = await ctx.vault.totalAssets();
        // Long: ETH at $200k (above a $100k maxPrice); inverse: ETH at $50 (its price of USDC far above the bounds).
        const absurd = kind === "long" ? 200_000 : 50;
        await ctx.vault.connect(ctx.owner).updateParameters(await currentRisk(ctx.vault), {
          ...(await currentOracle(ctx.vault)),
          minPrice: vaultPriceForEthUsd(kind === "long" ? 100 : 100_000, kind),
          maxPrice: vaultPriceForEthUsd(kind === "long" ? 100_000 : 100, kind),
        });
        await ctx.vaultFeed.setAnswer(toFeedAnswer(absurd));
        const state = await ctx.vault.positionState();
        expect(state.priceHealthy).to.equal(false);
        expect(await ctx.vault.totalAssets()).to.be.closeTo(before, before / 200n);
        await expectRedeemOfHalf(ctx);
      });
    });

    describe("3. exits and the emergency delever work through any fault of the vault's feed", function () {
      const faults = {
        stale: async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) => {
          const longAgo = BigInt(await networkHelpers.time.latest()) - 3n * 86_400n;
          await ctx.vaultFeed.setRoundData(toFeedAnswer(3000), longAgo, longAgo);
        },
        zero: async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) => ctx.vaultFeed.setAnswer(0n),
        negative: async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) => ctx.vaultFeed.setAnswer(-1n),
        "out of bounds": async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) => ctx.vaultFeed.setAnswer(toFeedAnswer(10_000_000)),
        // The feed's contract gone (no code at its address), or answering one word instead of five.
        gone: async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) =>
          networkHelpers.setCode(await ctx.vaultFeed.getAddress(), "0x"),
        "answering one word": async (ctx: Awaited<ReturnType<typeof deployVaultWithOwnFeed>>) =>
          // PUSH1 1, PUSH1 0, MSTORE, PUSH1 32, PUSH1 0, RETURN: returns the single word 1.
          networkHelpers.setCode(await ctx.vaultFeed.getAddress(), "0x600160005260206000f3"),
      } as const;
      for (const [fault, apply] of Object.entries(faults)) {
        for (const move of [-0.1, -0.03, 0.03, 0.1]) {
          it(`redeem works with the feed ${fault} and the market ${move > 0 ? "+" : ""}${move * 100}%`, async function () {
            const ctx = await deployVaultWithOwnFeed(market, kind);
            await apply(ctx);
            await moveMarket(ctx.stack, 3000 * (1 + move));
            // The fault freezes the vault's feed; the vault prices by the pool's 10-minute mean price.
            await networkHelpers.time.increase(MEAN_PRICE_WINDOW);
            expect((await ctx.vault.positionState()).priceHealthy).to.equal(false);
            await expectRedeemOfHalf(ctx);
          });
        }
      }

      for (const fault of ["gone", "answering one word"] as const) {
        it(`a feed ${fault} counts as failed: views answer, maxDeposit is 0 and deposit reverts InvalidFeedAnswer naming it`, async function () {
          const ctx = await deployVaultWithOwnFeed(market, kind);
          await faults[fault](ctx);
          expect((await ctx.vault.positionState()).priceHealthy).to.equal(false);
          expect(await ctx.vault.totalAssets()).to.be.greaterThan(0n);
          expect(await ctx.vault.maxDeposit(ctx.alice.address)).to.equal(0n);
          await expect(ctx.vault.connect(ctx.alice).deposit(ctx.amount(1), ctx.alice.address))
            .to.be.revertedWithCustomError(ctx.vault, "InvalidFeedAnswer")
            .withArgs(await ctx.vaultFeed.getAddress(), 0n);
        });
      }

      it("the emergency delever works with the feed dead through a crash", async function () {
        const ctx = await deployVaultWithOwnFeed(market, kind);
        await ctx.vaultFeed.setAnswer(0n);
        await moveMarket(ctx.stack, scenario.emergencyPrice);
        await networkHelpers.time.increase(MEAN_PRICE_WINDOW);
        const status = await ctx.vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Emergency);
        const tx = await ctx.vault.connect(ctx.mallory).rebalance();
        await expect(tx).to.emit(ctx.vault, "Rebalanced");
        expect((await ctx.vault.positionState()).leverage).to.be.lessThan(status.leverage);
      });
    });

    describe("4. grace counts one continuous out-of-band episode", function () {
      it("a report from an earlier episode never lets an outsider rebalance at once", async function () {
        const { fixture, vault } = await funded();
        const { mallory } = fixture;
        const { gracePeriod } = await currentRisk(vault);
        await marketTo(fixture, scenario.leverDownPrice);
        await vault.connect(mallory).reportOutOfBand();
        await marketTo(fixture, 3000);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.None);
        await networkHelpers.time.increase(BigInt(gracePeriod) + 60n);
        await refreshFeeds(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        // The old record does not open rebalancing; a fresh report starts a new episode.
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(0n);
        await expect(vault.connect(mallory).rebalance()).to.be.revertedWithCustomError(vault, "RebalanceNotPermitted");
        const report = await vault.connect(mallory).reportOutOfBand();
        const reportedAt = BigInt((await report.getBlock())!.timestamp);
        await expect(report).to.emit(vault, "OutOfBandReported").withArgs(reportedAt);
        expect((await vault.rebalanceStatus()).permissionlessAt).to.equal(reportedAt + BigInt(gracePeriod));
        await expect(vault.connect(mallory).rebalance()).to.be.revertedWithCustomError(vault, "RebalanceNotPermitted");
      });
    });

    describe("5. sandwiches do not pay", function () {
      for (const pushBps of [10, 25, 50, 75, 100]) {
        it(`a sandwich of a keeper rebalance with a ${pushBps / 100}% push nets the attacker nothing after pool fees`, async function () {
          const { fixture, vault } = await funded();
          const { keeper, mallory } = fixture;
          await marketTo(fixture, scenario.leverDownPrice);
          await passCooldown(vault);
          const attacker = mallory.address;
          const before = await worthInUsdc(fixture, attacker, scenario.leverDownPrice);
          const frontRun = await pushPool(fixture, mallory, scenario.leverDownPrice * scenario.adverseForSelling(pushBps / 10_000));
          // The keeper's trade goes through or is refused; the attacker unwinds either way.
          let traded = true;
          try {
            await (await vault.connect(keeper).rebalance()).wait();
          } catch {
            traded = false; // refused: the push cost more than the bound allows
          }
          await frontRun.undo();
          const after = await worthInUsdc(fixture, attacker, scenario.leverDownPrice);
          expect(after).to.be.at.most(before);
          // Pushes within the 1% tolerance do not stop the trade: the attacker's loss is not a refusal's.
          if (pushBps <= 50) expect(traded, "the keeper's trade went through").to.equal(true);
        });
      }

      it("pushing the pool before an emergency delever does not raise the reward", async function () {
        const { fixture, vault } = await funded();
        const { mallory } = fixture;
        await marketTo(fixture, scenario.emergencyPrice);
        const snapshot = await networkHelpers.takeSnapshot();
        const plain = await rebalancedEvent(vault, await vault.connect(mallory).rebalance());
        await snapshot.restore();
        await pushPool(fixture, mallory, scenario.emergencyPrice * scenario.adverseForSelling(0.009));
        const pushed = await rebalancedEvent(vault, await vault.connect(mallory).rebalance());
        expect(pushed.amountIn).to.be.greaterThan(plain.amountIn);
        expect(pushed.reward).to.equal(plain.reward);
      });
    });

    describe("7-8. tiny amounts and the maxima", function () {
      it("previews of tiny deposits and mints are never wrong in the user's favour", async function () {
        const { fixture, vault, collateralToken } = await funded();
        const { carol } = fixture;
        const tinyAssets = kind === "long" ? [1000n, 10n ** 9n, 10n ** 12n] : [1n, 1000n, 10n ** 6n];
        for (const assets of tinyAssets) {
          const preview = await vault.previewDeposit(assets);
          const before = await vault.balanceOf(carol.address);
          const failure = preview === 0n ? await revertedWith(vault, () => vault.connect(carol).deposit(assets, carol.address)).catch(() => undefined) : undefined;
          if (failure) {
            expect(failure.name).to.equal("ZeroShares");
            continue;
          }
          if (preview === 0n) continue;
          await vault.connect(carol).deposit(assets, carol.address);
          expect((await vault.balanceOf(carol.address)) - before, `deposit(${assets})`).to.be.at.least(preview);
        }
        for (const shares of [10n ** 6n, 10n ** 9n, 10n ** 12n]) {
          const preview = await vault.previewMint(shares);
          const before = await collateralToken.balanceOf(carol.address);
          await vault.connect(carol).mint(shares, carol.address);
          expect(before - (await collateralToken.balanceOf(carol.address)), `mint(${shares})`).to.be.at.most(preview);
        }
      });

      it("tiny withdrawals and redemptions settle, paying at least their previews", async function () {
        const { fixture, vault, collateralToken } = await funded();
        const { alice } = fixture;
        for (const assets of [1n, 1000n]) {
          await vault.connect(alice).withdraw(assets, alice.address, alice.address);
        }
        for (const shares of [10n ** 6n, 10n ** 9n, 10n ** 12n]) {
          const preview = await vault.previewRedeem(shares);
          const before = await collateralToken.balanceOf(alice.address);
          await vault.connect(alice).redeem(shares, alice.address, alice.address);
          expect((await collateralToken.balanceOf(alice.address)) - before, `redeem(${shares})`).to.be.at.least(preview);
        }
      });

      it("deposit(maxDeposit) and mint(maxMint) succeed", async function () {
        const { fixture, vault } = await funded();
        const { carol, alice } = fixture;
        // Read in the block the transaction lands in: interest moves the maxima from one block to the next.
        const pending = async () => {
          await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
          return { blockTag: "pending" } as const;
        };
        const snapshot = await networkHelpers.takeSnapshot();
        const maxDeposit = await vault.maxDeposit(carol.address, await pending());
        expect(maxDeposit).to.be.greaterThan(0n);
        await vault.connect(carol).deposit(maxDeposit, carol.address);
        await snapshot.restore();
        const maxMint = await vault.maxMint(alice.address, await pending());
        expect(maxMint).to.be.greaterThan(0n);
        await vault.connect(alice).mint(maxMint, alice.address);
      });
    });

    describe("9. stray collateral", function () {
      it("collateral sent straight to the vault joins the position at the next flow and raises share value", async function () {
        const { fixture, vault, collateralToken } = await funded();
        const { mallory, carol } = fixture;
        const vaultAddress = await vault.getAddress();
        const valueOfOneShare = async () => vault.convertToAssets(10n ** 18n);
        const before = await valueOfOneShare();
        await collateralToken.connect(mallory).transfer(vaultAddress, scenario.units(kind === "long" ? 1 : 3000));
        // Not yet counted: it is not in the position (one block of interest aside).
        expect(await valueOfOneShare()).to.be.closeTo(before, before / 1_000_000n);
        await vault.connect(carol).deposit(scenario.units(kind === "long" ? 1 : 3000), carol.address);
        expect(await collateralToken.balanceOf(vaultAddress)).to.equal(0n);
        expect(await valueOfOneShare()).to.be.greaterThan(before + before / 1000n);
      });
    });
  });
}
