/**
 * ERC-4626 properties of the leveraged vault, checked on both the long (WETH collateral, USDC debt)
 * and the inverse (USDC collateral, WETH debt) vault, on each lending market (Morpho Blue and
 * Aave v3), against the real Uniswap v3 stack. Amounts are drawn with fast-check (fixed seed); every run restores the fixture.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Signer } from "ethers";

import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";

import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { leverageToNumber } from "../../scripts/vault/vault-parameters.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { currentOracle, currentRisk } from "../fixtures/funded-vaults.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { vaultsFixture } from "../fixtures/vaults.js";

const KINDS: VaultKind[] = ["long", "inverse"];
const SEED = 42;
const RUNS = 10;
const VIRTUAL_SHARES = 10n ** 6n; // decimalsOffset 6

/** The fixture seen from one vault: its asset, and amounts expressed in ETH so both kinds get comparable sizes. */
async function setup(market: MarketName, kind: VaultKind) {
  const f = await networkHelpers.loadFixture(vaultsFixture(market));
  const deployment = kind === "long" ? f.long : f.inverse;
  const vault = deployment.vault;
  const asset = kind === "long" ? f.stack.tokens.weth : f.stack.tokens.usdc;
  /** `hundredths` of an ETH worth of the vault's asset (ETH at 3000 USD), plus `dust` raw units. */
  const amount = (hundredths: number, dust = 0n) =>
    (kind === "long" ? BigInt(hundredths) * 10n ** 16n : BigInt(hundredths) * 30n * 10n ** 6n) + dust;
  const vaultAddress = await vault.getAddress();
  return { ...f, deployment, vault, vaultAddress, asset, amount };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

/**
 * Fixes the next block's timestamp and returns call overrides that read in that block's context
 * (`pending`), so a view or static call sees exactly the state and time the next transaction runs in.
 */
async function sameBlock() {
  await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
  return { blockTag: "pending" } as const;
}

async function assetBalance(ctx: Ctx, who: Signer) {
  return ctx.asset.balanceOf(await who.getAddress());
}

/** Size of a deposit in hundredths of an ETH: 0.05 to 40 ETH worth. */
const sizeArb = fc.integer({ min: 5, max: 4000 });
/** Raw units that make amounts non-round. */
const dustArb = fc.bigInt({ min: 0n, max: 999_999n });
/** A fraction in basis points. */
const fractionArb = fc.integer({ min: 100, max: 10_000 });

for (const market of MARKETS) for (const kind of KINDS) {
  describe(`ERC-4626 properties (${kind} vault on ${marketCases[market].label})`, function () {
    describe("previews bound the real result in the direction the standard requires", function () {
      it("previewDeposit never exceeds the shares deposit mints, and deposit.staticCall predicts them", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, dustArb, async (bobSize, aliceSize, dust) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            const assets = ctx.amount(aliceSize, dust);

            const at = await sameBlock();
            const preview = await vault.previewDeposit(assets, at);
            const simulated = await vault.connect(alice).deposit.staticCall(assets, alice.address, at);
            const before = await vault.balanceOf(alice.address);
            await vault.connect(alice).deposit(assets, alice.address);
            const minted = (await vault.balanceOf(alice.address)) - before;

            expect(preview).to.be.greaterThan(0n);
            expect(preview).to.be.at.most(minted);
            expect(simulated).to.equal(minted);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("previewMint is never below the assets mint pulls", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, async (bobSize, aliceSize) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            const shares = await vault.convertToShares(ctx.amount(aliceSize));

            const at = await sameBlock();
            const preview = await vault.previewMint(shares, at);
            const simulated = await vault.connect(alice).mint.staticCall(shares, alice.address, at);
            const before = await assetBalance(ctx, alice);
            await vault.connect(alice).mint(shares, alice.address);
            const pulled = before - (await assetBalance(ctx, alice));

            expect(await vault.balanceOf(alice.address)).to.equal(shares);
            expect(preview).to.be.at.least(pulled);
            expect(simulated).to.equal(pulled);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("previewWithdraw is never below the shares withdraw burns", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, fractionArb, async (bobSize, aliceSize, fraction) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
            const at = await sameBlock();
            const assets = ((await vault.maxWithdraw(alice.address, at)) * BigInt(fraction)) / 10_000n;
            const preview = await vault.previewWithdraw(assets, at);
            const simulated = await vault.connect(alice).withdraw.staticCall(assets, alice.address, alice.address, at);
            const sharesBefore = await vault.balanceOf(alice.address);
            const assetsBefore = await assetBalance(ctx, alice);
            await vault.connect(alice).withdraw(assets, alice.address, alice.address);
            const burned = sharesBefore - (await vault.balanceOf(alice.address));

            expect((await assetBalance(ctx, alice)) - assetsBefore).to.equal(assets);
            expect(preview).to.be.at.least(burned);
            expect(simulated).to.equal(burned);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("previewRedeem never exceeds the assets redeem pays", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, fractionArb, async (bobSize, aliceSize, fraction) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
            const shares = ((await vault.balanceOf(alice.address)) * BigInt(fraction)) / 10_000n;

            const at = await sameBlock();
            const preview = await vault.previewRedeem(shares, at);
            const simulated = await vault.connect(alice).redeem.staticCall(shares, alice.address, alice.address, at);
            const before = await assetBalance(ctx, alice);
            await vault.connect(alice).redeem(shares, alice.address, alice.address);
            const paid = (await assetBalance(ctx, alice)) - before;

            expect(preview).to.be.at.most(paid);
            expect(simulated).to.equal(paid);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });
    });

    describe("round trips never profit the user", function () {
      it("deposit then redeem of every share returns at most the assets deposited", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, dustArb, async (bobSize, aliceSize, dust) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            const assets = ctx.amount(aliceSize, dust);
            const before = await assetBalance(ctx, alice);
            await vault.connect(alice).deposit(assets, alice.address);
            await vault.connect(alice).redeem(await vault.balanceOf(alice.address), alice.address, alice.address);

            expect(await vault.balanceOf(alice.address)).to.equal(0n);
            expect(await assetBalance(ctx, alice)).to.be.at.most(before);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("mint then redeem of the minted shares returns at most the assets pulled", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, async (bobSize, aliceSize) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            const shares = await vault.convertToShares(ctx.amount(aliceSize));
            const before = await assetBalance(ctx, alice);
            await vault.connect(alice).mint(shares, alice.address);
            await vault.connect(alice).redeem(shares, alice.address, alice.address);

            expect(await assetBalance(ctx, alice)).to.be.at.most(before);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });

      it("deposit then withdraw of maxWithdraw burns at most the shares held and returns at most the deposit", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, dustArb, async (bobSize, aliceSize, dust) => {
            const ctx = await setup(market, kind);
            const { vault, bob, alice } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            const assets = ctx.amount(aliceSize, dust);
            await vault.connect(alice).deposit(assets, alice.address);
            const held = await vault.balanceOf(alice.address);
            const before = await assetBalance(ctx, alice);
            const max = await vault.maxWithdraw(alice.address, await sameBlock());
            await vault.connect(alice).withdraw(max, alice.address, alice.address);

            const burned = held - (await vault.balanceOf(alice.address));
            expect(burned).to.be.at.most(held);
            expect((await assetBalance(ctx, alice)) - before).to.equal(max);
            expect(max).to.be.at.most(assets);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });
    });

    describe("rounding favours the vault", function () {
      it("convertToShares and convertToAssets round down and totalAssets is the position's equity", async function () {
        await fc.assert(
          fc.asyncProperty(sizeArb, sizeArb, dustArb, fc.integer({ min: 0, max: 30 * 86_400 }), async (bobSize, probe, dust, wait) => {
            const ctx = await setup(market, kind);
            const { vault, bob } = ctx;
            await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
            await networkHelpers.time.increase(wait);
            // Keep the feeds fresh so the price stays healthy after the wait.
            await ctx.stack.feeds.ethUsd.setAnswer(await ctx.stack.feeds.ethUsd.latestAnswer());
            await ctx.stack.feeds.usdcUsd.setAnswer(await ctx.stack.feeds.usdcUsd.latestAnswer());

            const totalAssets = await vault.totalAssets();
            const supply = await vault.totalSupply();
            const state = await vault.positionState();
            expect(totalAssets).to.equal(state.equity);

            const assets = ctx.amount(probe, dust);
            const shares = await vault.convertToShares(assets);
            expect(shares).to.equal((assets * (supply + VIRTUAL_SHARES)) / (totalAssets + 1n));
            const back = await vault.convertToAssets(shares);
            expect(back).to.equal((shares * (totalAssets + 1n)) / (supply + VIRTUAL_SHARES));
            expect(back).to.be.at.most(assets);
            const sharesBack = await vault.convertToShares(await vault.convertToAssets(shares));
            expect(sharesBack).to.be.at.most(shares);
          }),
          { seed: SEED, numRuns: RUNS },
        );
      });
    });

    describe("max* limits", function () {
      it("maxDeposit on an empty vault is the largest deposit whose swap moves the pool by no more than the slippage tolerance, below the cap", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice } = ctx;
        const maxDeposit = await vault.maxDeposit(alice.address);
        expect(maxDeposit).to.be.greaterThan(0n).and.lessThan(ctx.deployment.risk.depositCap);
        expect(await vault.maxMint(alice.address)).to.equal(await vault.previewDeposit(maxDeposit));
        // 1% more is refused up front, with the maximum named; the maximum itself goes through.
        await expect(vault.connect(alice).deposit((maxDeposit * 101n) / 100n, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
          .withArgs(alice.address, (maxDeposit * 101n) / 100n, maxDeposit);
        const preview = await vault.previewDeposit(maxDeposit);
        await vault.connect(alice).deposit(maxDeposit, alice.address);
        expect(await vault.balanceOf(alice.address)).to.be.at.least(preview);
      });

      it("a lower deposit cap caps maxDeposit at the room left under it", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, owner } = ctx;
        await vault.connect(bob).deposit(ctx.amount(500), bob.address);
        const cap = ctx.amount(2000);
        await vault.connect(owner).updateParameters({ ...(await currentRisk(ctx.vault)), depositCap: cap }, await currentOracle(ctx.vault));
        expect((await vault.riskParameters()).depositCap).to.equal(cap);
        expect(await vault.maxDeposit(ctx.alice.address)).to.equal(cap - (await vault.totalAssets()));
      });

      it("a deposit above maxDeposit reverts with ERC4626ExceededMaxDeposit", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice, owner } = ctx;
        await vault.connect(bob).deposit(ctx.amount(500), bob.address);
        const cap = ctx.amount(1000);
        await vault.connect(owner).updateParameters({ ...(await currentRisk(ctx.vault)), depositCap: cap }, await currentOracle(ctx.vault));
        const max = await vault.maxDeposit(alice.address);
        const tooMuch = max + max / 1000n;
        await expect(vault.connect(alice).deposit(tooMuch, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
          .withArgs(alice.address, tooMuch, anyValue);
        // Depositing maxDeposit itself is fine and stays under the cap.
        await vault.connect(alice).deposit(max, alice.address);
        expect(await vault.totalAssets()).to.be.at.most(cap);
      });

      it("maxDeposit and maxMint are 0 while deposits are paused, but maxRedeem stays the balance and redeem works", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice, owner } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        await expect(vault.connect(owner).setDepositsPaused(true)).to.emit(vault, "DepositsPausedSet").withArgs(true);

        expect(await vault.maxDeposit(alice.address)).to.equal(0n);
        expect(await vault.maxMint(alice.address)).to.equal(0n);
        const balance = await vault.balanceOf(bob.address);
        expect(await vault.maxRedeem(bob.address)).to.equal(balance);

        const assets = ctx.amount(100);
        await expect(vault.connect(alice).deposit(assets, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxDeposit")
          .withArgs(alice.address, assets, 0n);
        await expect(vault.connect(alice).mint(10n ** 20n, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC4626ExceededMaxMint")
          .withArgs(alice.address, 10n ** 20n, 0n);

        const before = await assetBalance(ctx, bob);
        await vault.connect(bob).redeem(balance, bob.address, bob.address);
        expect(await vault.balanceOf(bob.address)).to.equal(0n);
        expect(await assetBalance(ctx, bob)).to.be.greaterThan(before);
      });

      it("maxDeposit, maxMint and maxWithdraw are 0 while a feed is stale; maxRedeem stays the balance", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        expect(await vault.maxWithdraw(bob.address)).to.be.greaterThan(0n);
        // ETH/USD (the long vault's collateral feed, the inverse vault's debt feed) has the shorter max age.
        const { collateralFeedMaxAge, debtFeedMaxAge } = await vault.oracleParameters();
        await networkHelpers.time.increase(Math.min(Number(collateralFeedMaxAge), Number(debtFeedMaxAge)) + 1);

        expect((await vault.positionState()).priceHealthy).to.equal(false);
        expect(await vault.maxDeposit(bob.address)).to.equal(0n);
        expect(await vault.maxMint(bob.address)).to.equal(0n);
        expect(await vault.maxWithdraw(bob.address)).to.equal(0n);
        expect(await vault.maxRedeem(bob.address)).to.equal(await vault.balanceOf(bob.address));
      });

      it("totalAssets, convertTo*, max* and previewRedeem never revert while the ETH feed answers 0", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        const equityBefore = await vault.totalAssets();
        await ctx.stack.feeds.ethUsd.setAnswer(0);

        const state = await vault.positionState();
        expect(state.priceHealthy).to.equal(false);
        const totalAssets = await vault.totalAssets();
        expect(totalAssets).to.equal(state.equity);
        // Valued at the pool's time-weighted price, which sits at the market: no jump.
        expect(totalAssets).to.be.closeTo(equityBefore, equityBefore / 1000n);
        const shares = await vault.balanceOf(bob.address);
        expect(await vault.convertToShares(ctx.amount(100))).to.be.greaterThan(0n);
        expect(await vault.convertToAssets(shares)).to.be.greaterThan(0n);
        expect(await vault.maxDeposit(alice.address)).to.equal(0n);
        expect(await vault.maxMint(alice.address)).to.equal(0n);
        expect(await vault.maxWithdraw(bob.address)).to.equal(0n);
        expect(await vault.maxRedeem(bob.address)).to.equal(shares);
        expect(await vault.previewRedeem(shares)).to.be.greaterThan(0n);
        await vault.previewDeposit(ctx.amount(100));
        await vault.previewMint(shares);
        await vault.previewWithdraw(ctx.amount(100));
      });
    });

    describe("slippage-bounded variants", function () {
      async function deadline() {
        return BigInt(await networkHelpers.time.latest()) + 3600n;
      }

      it("depositWithSlippage reverts TooFewSharesOut when minShares is above what it mints", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        const assets = ctx.amount(250, 12345n);
        const shares = await vault.connect(alice).deposit.staticCall(assets, alice.address, await sameBlock());
        await expect(vault.connect(alice).depositWithSlippage(assets, alice.address, shares + 1n, await deadline()))
          .to.be.revertedWithCustomError(vault, "TooFewSharesOut")
          .withArgs(shares, shares + 1n);
      });

      it("depositWithSlippage reverts DeadlineExpired after its deadline", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice } = ctx;
        const now = BigInt(await networkHelpers.time.latest());
        await networkHelpers.time.setNextBlockTimestamp(now + 10n);
        await expect(vault.connect(alice).depositWithSlippage(ctx.amount(100), alice.address, 0n, now + 9n))
          .to.be.revertedWithCustomError(vault, "DeadlineExpired")
          .withArgs(now + 9n, now + 10n);
      });

      it("mintWithSlippage reverts TooManyAssetsIn when maxAssets is below what it pulls", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        const shares = await vault.convertToShares(ctx.amount(250));
        const assets = await vault.connect(alice).mint.staticCall(shares, alice.address, await sameBlock());
        await expect(vault.connect(alice).mintWithSlippage(shares, alice.address, assets - 1n, await deadline()))
          .to.be.revertedWithCustomError(vault, "TooManyAssetsIn")
          .withArgs(assets, assets - 1n);
      });

      it("withdrawWithSlippage reverts TooManySharesBurned when maxShares is below what it burns", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const assets = ctx.amount(100);
        const shares = await vault.connect(alice).withdraw.staticCall(assets, alice.address, alice.address, await sameBlock());
        await expect(
          vault.connect(alice).withdrawWithSlippage(assets, alice.address, alice.address, shares - 1n, await deadline()),
        )
          .to.be.revertedWithCustomError(vault, "TooManySharesBurned")
          .withArgs(shares, shares - 1n);
      });

      it("redeemWithSlippage reverts TooFewAssetsOut when minAssets is above what it pays", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const shares = (await vault.balanceOf(alice.address)) / 3n;
        const assets = await vault.connect(alice).redeem.staticCall(shares, alice.address, alice.address, await sameBlock());
        await expect(
          vault.connect(alice).redeemWithSlippage(shares, alice.address, alice.address, assets + 1n, await deadline()),
        )
          .to.be.revertedWithCustomError(vault, "TooFewAssetsOut")
          .withArgs(assets, assets + 1n);
      });

      it("mint, withdraw and redeem variants revert DeadlineExpired after their deadline", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice } = ctx;
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const shares = (await vault.balanceOf(alice.address)) / 4n;
        const past = BigInt(await networkHelpers.time.latest()) - 1n;
        await expect(vault.connect(alice).mintWithSlippage(shares, alice.address, ethers.MaxUint256, past))
          .to.be.revertedWithCustomError(vault, "DeadlineExpired")
          .withArgs(past, anyValue);
        await expect(vault.connect(alice).withdrawWithSlippage(ctx.amount(10), alice.address, alice.address, ethers.MaxUint256, past))
          .to.be.revertedWithCustomError(vault, "DeadlineExpired")
          .withArgs(past, anyValue);
        await expect(vault.connect(alice).redeemWithSlippage(shares, alice.address, alice.address, 0n, past))
          .to.be.revertedWithCustomError(vault, "DeadlineExpired")
          .withArgs(past, anyValue);
      });

      it("every variant succeeds with the preview as its bound", async function () {
        const ctx = await setup(market, kind);
        const { vault, bob, alice } = ctx;
        await vault.connect(bob).deposit(ctx.amount(300), bob.address);

        const assets = ctx.amount(200);
        const minShares = await vault.previewDeposit(assets);
        let balance = await vault.balanceOf(alice.address);
        await vault.connect(alice).depositWithSlippage(assets, alice.address, minShares, await deadline());
        expect((await vault.balanceOf(alice.address)) - balance).to.be.at.least(minShares);

        const shares = await vault.convertToShares(ctx.amount(100));
        const maxAssets = await vault.previewMint(shares);
        let assetsBefore = await assetBalance(ctx, alice);
        await vault.connect(alice).mintWithSlippage(shares, alice.address, maxAssets, await deadline());
        expect(assetsBefore - (await assetBalance(ctx, alice))).to.be.at.most(maxAssets);

        const withdrawn = ctx.amount(50);
        const maxShares = await vault.previewWithdraw(withdrawn);
        balance = await vault.balanceOf(alice.address);
        await vault.connect(alice).withdrawWithSlippage(withdrawn, alice.address, alice.address, maxShares, await deadline());
        expect(balance - (await vault.balanceOf(alice.address))).to.be.at.most(maxShares);

        const redeemed = (await vault.balanceOf(alice.address)) / 2n;
        const minAssets = await vault.previewRedeem(redeemed);
        assetsBefore = await assetBalance(ctx, alice);
        await vault.connect(alice).redeemWithSlippage(redeemed, alice.address, alice.address, minAssets, await deadline());
        expect((await assetBalance(ctx, alice)) - assetsBefore).to.be.at.least(minAssets);
      });
    });

    describe("allowances", function () {
      it("redeem by an approved spender spends exactly the shares redeemed from the allowance", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice, carol } = ctx;
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const balance = await vault.balanceOf(alice.address);
        await vault.connect(alice).approve(carol.address, balance);
        const shares = balance / 3n;
        const before = await assetBalance(ctx, carol);
        await vault.connect(carol).redeem(shares, carol.address, alice.address);
        expect(await vault.allowance(alice.address, carol.address)).to.equal(balance - shares);
        expect(await vault.balanceOf(alice.address)).to.equal(balance - shares);
        expect(await assetBalance(ctx, carol)).to.be.greaterThan(before);
      });

      it("withdraw by an approved spender spends the shares burned from the allowance", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice, carol } = ctx;
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const balance = await vault.balanceOf(alice.address);
        await vault.connect(alice).approve(carol.address, balance);
        const assets = ctx.amount(100);
        const before = await assetBalance(ctx, carol);
        await vault.connect(carol).withdraw(assets, carol.address, alice.address);
        const burned = balance - (await vault.balanceOf(alice.address));
        expect(burned).to.be.greaterThan(0n);
        expect(await vault.allowance(alice.address, carol.address)).to.equal(balance - burned);
        expect((await assetBalance(ctx, carol)) - before).to.equal(assets);
      });

      it("redeem and withdraw for another owner without allowance revert", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice, mallory } = ctx;
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const shares = (await vault.balanceOf(alice.address)) / 2n;
        await expect(vault.connect(mallory).redeem(shares, mallory.address, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC20InsufficientAllowance")
          .withArgs(mallory.address, 0n, shares);
        await expect(vault.connect(mallory).withdraw(ctx.amount(10), mallory.address, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC20InsufficientAllowance")
          .withArgs(mallory.address, 0n, anyValue);
      });

      it("a spender with too small an allowance cannot redeem more than it", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice, carol } = ctx;
        await vault.connect(alice).deposit(ctx.amount(300), alice.address);
        const shares = (await vault.balanceOf(alice.address)) / 2n;
        await vault.connect(alice).approve(carol.address, shares - 1n);
        await expect(vault.connect(carol).redeem(shares, carol.address, alice.address))
          .to.be.revertedWithCustomError(vault, "ERC20InsufficientAllowance")
          .withArgs(carol.address, shares - 1n, shares);
      });
    });

    describe("first deposit", function () {
      it("levers to the target within 0.01x and emits Deposit and PositionIncreased with the position's numbers", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice } = ctx;
        const assets = ctx.amount(1000, 777n);
        const tx = await vault.connect(alice).deposit(assets, alice.address);
        const receipt = await tx.wait();
        const shares = await vault.balanceOf(alice.address);
        const state = await vault.positionState();

        expect(Math.abs(leverageToNumber(state.leverage) - 2)).to.be.below(0.01);
        await expect(tx).to.emit(vault, "Deposit").withArgs(alice.address, alice.address, assets, shares);
        await expect(tx).to.emit(vault, "PositionIncreased").withArgs(alice.address, state.collateral, anyValue, shares);

        const event = receipt!.logs
          .map((log) => vault.interface.parseLog(log))
          .find((parsed) => parsed?.name === "PositionIncreased");
        const [, collateralAdded, debtAdded] = event!.args;
        // Target 2x: the deposit buys b = assets·(L−1)/(1 + L·fee) so that, once the 0.05% pool fee
        // is paid out of equity, the position sits at the target.
        const WAD = 10n ** 18n;
        const poolFee = 500n * 10n ** 12n;
        const bought = (assets * WAD) / (WAD + (2n * WAD * poolFee) / WAD);
        expect(collateralAdded).to.equal(assets + bought);
        // The market records the debt rounded up (Morpho's borrow shares, Aave's scaled debt) by at most one unit.
        expect(state.debt - debtAdded).to.be.at.least(0n);
        expect(state.debt - debtAdded).to.be.at.most(1n);
        // First shares: the equity gained times the virtual shares.
        const equityShares = state.equity * VIRTUAL_SHARES;
        const gap = shares > equityShares ? shares - equityShares : equityShares - shares;
        expect(gap).to.be.at.most(2n * VIRTUAL_SHARES);
      });

      it("after every holder has redeemed, a new deposit is accepted and levers to the target again", async function () {
        const ctx = await setup(market, kind);
        const { vault, alice, bob } = ctx;
        await vault.connect(alice).deposit(ctx.amount(3000), alice.address);
        await vault.connect(alice).redeem(await vault.balanceOf(alice.address), alice.address, alice.address);
        expect(await vault.totalSupply()).to.equal(0n);

        const assets = ctx.amount(100);
        expect(await vault.maxDeposit(bob.address)).to.be.at.least(assets);
        await vault.connect(bob).deposit(assets, bob.address);
        expect(Math.abs(leverageToNumber((await vault.positionState()).leverage) - 2)).to.be.below(0.01);
      });
    });
  });
}
