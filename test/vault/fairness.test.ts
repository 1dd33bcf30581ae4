/**
 * Fairness between holders: one user's deposit, withdraw or redeem must leave the other holders'
 * leverage and value where they were (beyond dust), the user pays their own execution cost, and
 * neither same-block round trips nor donations (the first-depositor inflation attack) move value
 * between users. Checked on both the long and the inverse vault, on each lending market (Morpho Blue
 * and Aave v3), against the real Uniswap v3 stack.
 *
 * Values before and after a transaction are read in the same block context (the "before" read uses
 * the pending block whose timestamp is pinned, the "after" read the block the transaction landed in),
 * so the lending market's interest cannot blur the comparison.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Signer } from "ethers";

import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { arbitragePoolTo, toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import { leverageToNumber } from "../../scripts/vault/vault-parameters.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { vaultsFixture } from "../fixtures/vaults.js";

const KINDS: VaultKind[] = ["long", "inverse"];
const SEED = 7;
const RUNS = 8;
/** Largest leverage drift another holder may see from someone else's flow. */
const LEVERAGE_DUST = 0.005;

async function setup(market: MarketName, kind: VaultKind) {
  const f = await networkHelpers.loadFixture(vaultsFixture(market));
  const deployment = kind === "long" ? f.long : f.inverse;
  const vault = deployment.vault;
  const asset = kind === "long" ? f.stack.tokens.weth : f.stack.tokens.usdc;
  /** `hundredths` of an ETH worth of the vault's asset (ETH at 3000 USD). */
  const amount = (hundredths: number) =>
    kind === "long" ? BigInt(hundredths) * 10n ** 16n : BigInt(hundredths) * 30n * 10n ** 6n;
  return { ...f, kind, deployment, vault, vaultAddress: await vault.getAddress(), asset, amount };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

/** Pins the next block's timestamp and returns overrides reading the state before it in its context. */
async function pinNextBlock() {
  await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
  return { blockTag: "pending" } as const;
}

async function assetBalance(ctx: Ctx, who: Signer) {
  return ctx.asset.balanceOf(await who.getAddress());
}

/** What `who`'s shares are worth (convertToAssets) and the vault's leverage, read with `overrides`. */
async function holderView(ctx: Ctx, who: Signer, overrides: { blockTag: "pending" | "latest" }) {
  const shares = await ctx.vault.balanceOf(await who.getAddress(), overrides);
  const value = await ctx.vault.convertToAssets(shares, overrides);
  const leverage = leverageToNumber((await ctx.vault.positionState(overrides)).leverage);
  return { shares, value, leverage };
}

/** A few wei plus 1e-9 of the value. */
function dust(value: bigint) {
  return value / 1_000_000_000n + 10n;
}

type HolderView = Awaited<ReturnType<typeof holderView>>;

/** Another holder's value did not drop by more than dust across the last transaction. */
function expectValueKept(before: HolderView, after: HolderView) {
  expect(after.shares).to.equal(before.shares);
  expect(after.value + dust(before.value), "value of other holders").to.be.at.least(before.value);
}

/** Another holder's leverage (the vault's) did not move by more than dust across the last transaction. */
function expectLeverageKept(before: HolderView, after: HolderView) {
  expect(
    Math.abs(after.leverage - before.leverage),
    `leverage drift of other holders (${before.leverage} -> ${after.leverage})`,
  ).to.be.below(LEVERAGE_DUST);
}

/**
 * A flow anticipates the pool fee, so only its price impact beyond the fee can move the shared
 * leverage, and the slippage bound caps that: |ΔL| <= L · (collateral traded · maxSlippage) / equity after.
 */
async function expectLeverageWithinOwnImpact(ctx: Ctx, before: HolderView, after: HolderView, tradedCollateral: bigint) {
  const maxSlippage = Number((await ctx.vault.riskParameters()).maxSlippageBps) / 10_000;
  const equityAfter = Number(await ctx.vault.totalAssets());
  const bound = (after.leverage * Number(tradedCollateral) * maxSlippage) / equityAfter;
  expect(
    Math.abs(after.leverage - before.leverage),
    `leverage drift of other holders (${before.leverage} -> ${after.leverage}), bound ${bound}`,
  ).to.be.below(bound);
}

function expectUntouched(before: HolderView, after: HolderView) {
  expectValueKept(before, after);
  expectLeverageKept(before, after);
}

/** Deposit size in hundredths of an ETH worth: 0.05 to 40 ETH. */
const sizeArb = fc.integer({ min: 5, max: 4000 });
const fractionArb = fc.integer({ min: 100, max: 10_000 });

/** Supplies `amount` of the vault's asset from `donor` to the vault's position on its lending market. */
async function donateToPosition(ctx: Ctx, donor: Signer, amount: bigint) {
  await ctx.asset.connect(donor).approve(await ctx.lendingMarket.lendingContract(ctx.stack), amount);
  await ctx.lendingMarket.supplyCollateralFor(ctx.stack, ctx.kind, donor, ctx.vaultAddress, amount);
}

for (const market of MARKETS) for (const kind of KINDS) {
  describe(`Fairness between holders (${kind} vault on ${marketCases[market].label})`, function () {
    it("a deposit leaves the other holders' value unchanged beyond dust", async function () {
      await fc.assert(
        fc.asyncProperty(sizeArb, sizeArb, sizeArb, async (bobSize, carolSize, aliceSize) => {
          const ctx = await setup(market, kind);
          const { vault, alice, bob, carol } = ctx;
          await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
          await vault.connect(carol).deposit(ctx.amount(carolSize), carol.address);
          await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // arbitrageurs put the pool back on the oracle

          const at = await pinNextBlock();
          const bobBefore = await holderView(ctx, bob, at);
          const carolBefore = await holderView(ctx, carol, at);
          await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
          const now = { blockTag: "latest" } as const;

          expectValueKept(bobBefore, await holderView(ctx, bob, now));
          expectValueKept(carolBefore, await holderView(ctx, carol, now));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("a deposit leaves the other holders' leverage unchanged beyond dust", async function () {
      await fc.assert(
        fc.asyncProperty(sizeArb, sizeArb, sizeArb, async (bobSize, carolSize, aliceSize) => {
          const ctx = await setup(market, kind);
          const { vault, alice, bob, carol } = ctx;
          await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
          await vault.connect(carol).deposit(ctx.amount(carolSize), carol.address);
          await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // arbitrageurs put the pool back on the oracle

          const at = await pinNextBlock();
          const bobBefore = await holderView(ctx, bob, at);
          await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);

          expectLeverageKept(bobBefore, await holderView(ctx, bob, { blockTag: "latest" }));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("a withdraw leaves the other holders' value unchanged beyond dust", async function () {
      await fc.assert(
        fc.asyncProperty(sizeArb, sizeArb, fractionArb, async (bobSize, aliceSize, fraction) => {
          const ctx = await setup(market, kind);
          const { vault, alice, bob } = ctx;
          await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
          await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
          await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // arbitrageurs put the pool back on the oracle

          const at = await pinNextBlock();
          const bobBefore = await holderView(ctx, bob, at);
          const assets = ((await vault.maxWithdraw(alice.address, at)) * BigInt(fraction)) / 10_000n;
          await vault.connect(alice).withdraw(assets, alice.address, alice.address);

          expectValueKept(bobBefore, await holderView(ctx, bob, { blockTag: "latest" }));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("a withdraw leaves the other holders' leverage unchanged beyond dust", async function () {
      await fc.assert(
        fc.asyncProperty(sizeArb, sizeArb, fractionArb, async (bobSize, aliceSize, fraction) => {
          const ctx = await setup(market, kind);
          const { vault, alice, bob } = ctx;
          await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
          await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
          await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // arbitrageurs put the pool back on the oracle

          const at = await pinNextBlock();
          const bobBefore = await holderView(ctx, bob, at);
          const assets = ((await vault.maxWithdraw(alice.address, at)) * BigInt(fraction)) / 10_000n;
          await vault.connect(alice).withdraw(assets, alice.address, alice.address);

          expectLeverageKept(bobBefore, await holderView(ctx, bob, { blockTag: "latest" }));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("a redeem leaves the other holders' leverage and value unchanged beyond dust", async function () {
      await fc.assert(
        fc.asyncProperty(sizeArb, sizeArb, fractionArb, async (bobSize, aliceSize, fraction) => {
          const ctx = await setup(market, kind);
          const { vault, alice, bob } = ctx;
          await vault.connect(bob).deposit(ctx.amount(bobSize), bob.address);
          await vault.connect(alice).deposit(ctx.amount(aliceSize), alice.address);
          await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // arbitrageurs put the pool back on the oracle

          const at = await pinNextBlock();
          const bobBefore = await holderView(ctx, bob, at);
          const shares = ((await vault.balanceOf(alice.address)) * BigInt(fraction)) / 10_000n;
          await vault.connect(alice).redeem(shares, alice.address, alice.address);

          expectUntouched(bobBefore, await holderView(ctx, bob, { blockTag: "latest" }));
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("a deposit as large as the slippage bound allows moves the other holders' leverage by no more than its own price impact", async function () {
      const ctx = await setup(market, kind);
      const { vault, alice, bob } = ctx;
      await vault.connect(bob).deposit(ctx.amount(1000), bob.address);
      await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // the pool back on the oracle
      const at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      // 150 ETH worth at 2x buys 150 ETH worth from a 20,000 WETH pool: inside the 1% bound.
      await vault.connect(alice).deposit(ctx.amount(15_000), alice.address);
      const bobAfter = await holderView(ctx, bob, { blockTag: "latest" });
      expectValueKept(bobBefore, bobAfter);
      await expectLeverageWithinOwnImpact(ctx, bobBefore, bobAfter, ctx.amount(15_000));
    });

    it("a mint as large as the slippage bound allows moves the other holders' leverage by no more than its own price impact", async function () {
      const ctx = await setup(market, kind);
      const { vault, alice, bob } = ctx;
      await vault.connect(bob).deposit(ctx.amount(1000), bob.address);
      await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // the pool back on the oracle
      const at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      await vault.connect(alice).mint(await vault.convertToShares(ctx.amount(15_000), at), alice.address);
      const bobAfter = await holderView(ctx, bob, { blockTag: "latest" });
      expectValueKept(bobBefore, bobAfter);
      await expectLeverageWithinOwnImpact(ctx, bobBefore, bobAfter, ctx.amount(15_000));
    });

    it("a withdraw as large as the slippage bound allows moves the other holders' leverage by no more than its own price impact", async function () {
      const ctx = await setup(market, kind);
      const { vault, alice, bob } = ctx;
      await vault.connect(bob).deposit(ctx.amount(1000), bob.address);
      await vault.connect(alice).deposit(ctx.amount(15_000), alice.address);
      await arbitragePoolTo(ctx.stack, toFeedAnswer(3000)); // the pool back on the oracle
      const at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      await vault.connect(alice).withdraw(ctx.amount(14_000), alice.address, alice.address);
      const bobAfter = await holderView(ctx, bob, { blockTag: "latest" });
      expectValueKept(bobBefore, bobAfter);
      await expectLeverageWithinOwnImpact(ctx, bobBefore, bobAfter, ctx.amount(14_000));
    });

    it("a large depositor pays their own execution cost and the others' share value does not drop", async function () {
      const ctx = await setup(market, kind);
      const { vault, alice, bob } = ctx;
      await vault.connect(bob).deposit(ctx.amount(2000), bob.address);

      const assets = ctx.amount(10_000);
      const at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      const sharesAtPreTradePrice = await vault.convertToShares(assets, at);
      await vault.connect(alice).deposit(assets, alice.address);
      const now = { blockTag: "latest" } as const;
      const minted = await vault.balanceOf(alice.address);

      expect(minted).to.be.below(sharesAtPreTradePrice);
      const cost = assets - (await vault.convertToAssets(minted, now));
      expect(cost).to.be.greaterThan(0n);
      // The cost is at most the slippage bound on what the deposit bought (1% of `assets` at 2x) plus rounding.
      expect(cost).to.be.at.most(assets / 100n + 10n);
      const bobAfter = await holderView(ctx, bob, now);
      expect(bobAfter.value).to.be.at.least(bobBefore.value);
    });

    it("a large deposit then redeem in the same block extracts nothing from the other holders", async function () {
      const ctx = await setup(market, kind);
      const { vault, mallory, bob } = ctx;
      await vault.connect(bob).deposit(ctx.amount(2000), bob.address);

      const assets = ctx.amount(12_000);
      const at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      const startBalance = await assetBalance(ctx, mallory);
      const shares = await vault.connect(mallory).deposit.staticCall(assets, mallory.address, at);

      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const depositTx = await vault.connect(mallory).deposit(assets, mallory.address, { gasLimit: 3_000_000 });
        const redeemTx = await vault.connect(mallory).redeem(shares, mallory.address, mallory.address, { gasLimit: 3_000_000 });
        await networkHelpers.mine();
        const [depositReceipt, redeemReceipt] = [await depositTx.wait(), await redeemTx.wait()];
        expect(depositReceipt!.blockNumber).to.equal(redeemReceipt!.blockNumber);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }

      expect(await vault.balanceOf(mallory.address)).to.equal(0n);
      expect(await assetBalance(ctx, mallory)).to.be.at.most(startBalance);
      const bobAfter = await holderView(ctx, bob, { blockTag: "latest" });
      expect(bobAfter.value).to.be.at.least(bobBefore.value);
    });

    for (const donationPath of ["lending position", "direct transfer", "lending position and direct transfer"] as const) {
      it(`the first-depositor inflation attack (donation by ${donationPath}) costs the attacker and leaves the victim whole`, async function () {
        const ctx = await setup(market, kind);
        const { vault, vaultAddress, mallory, alice, asset } = ctx;
        const start = await assetBalance(ctx, mallory);

        // A tiny first deposit (a millionth of an ETH worth), then a large donation.
        const tiny = kind === "long" ? 10n ** 12n : 3000n;
        await vault.connect(mallory).deposit(tiny, mallory.address);
        const donation = ctx.amount(10_000);
        if (donationPath !== "direct transfer") await donateToPosition(ctx, mallory, donation);
        if (donationPath !== "lending position") await asset.connect(mallory).transfer(vaultAddress, donation);

        const victimAssets = ctx.amount(1000);
        await vault.connect(alice).deposit(victimAssets, alice.address);
        const victimShares = await vault.balanceOf(alice.address);
        expect(victimShares).to.be.greaterThan(0n);

        await vault.connect(mallory).redeem(await vault.balanceOf(mallory.address), mallory.address, mallory.address);
        const end = await assetBalance(ctx, mallory);
        expect(end).to.be.below(start);
        // Collateral sent straight to the vault joins the position at the victim's deposit, before
        // the victim's shares are priced: the donation goes to the holders before it (here almost
        // all to the attacker, whose tiny deposit holds nearly every share), never to the victim's cost.

        const victimValue = await vault.convertToAssets(victimShares);
        expect(victimValue).to.be.at.least((victimAssets * 99n) / 100n);
        const before = await assetBalance(ctx, alice);
        await vault.connect(alice).redeem(victimShares, alice.address, alice.address);
        expect((await assetBalance(ctx, alice)) - before).to.be.at.least((victimAssets * 99n) / 100n);
      });
    }

    it("a donation to the vault's lending position raises existing holders' value and the donor cannot extract it", async function () {
      const ctx = await setup(market, kind);
      const { vault, mallory, bob, asset } = ctx;
      await vault.connect(bob).deposit(ctx.amount(1000), bob.address);
      const start = await assetBalance(ctx, mallory);

      let at = await pinNextBlock();
      const bobBefore = await holderView(ctx, bob, at);
      const donation = ctx.amount(500);
      await asset.connect(mallory).approve(await ctx.lendingMarket.lendingContract(ctx.stack), donation);
      at = await pinNextBlock();
      const bobBeforeDonation = await holderView(ctx, bob, at);
      await ctx.lendingMarket.supplyCollateralFor(ctx.stack, kind, mallory, ctx.vaultAddress, donation);
      const bobAfter = await holderView(ctx, bob, { blockTag: "latest" });
      // Bob owns all real shares: he gains the donation except the virtual shares' sliver.
      expect(bobAfter.value).to.be.greaterThan(bobBeforeDonation.value + (donation * 999n) / 1000n);
      expect(bobAfter.value).to.be.greaterThan(bobBefore.value);

      // The donor now deposits and redeems everything: they get back no more than they deposited.
      const deposit = ctx.amount(1000);
      const beforeRoundTrip = await assetBalance(ctx, mallory);
      await vault.connect(mallory).deposit(deposit, mallory.address);
      await vault.connect(mallory).redeem(await vault.balanceOf(mallory.address), mallory.address, mallory.address);
      const end = await assetBalance(ctx, mallory);
      expect(end).to.be.at.most(beforeRoundTrip);
      expect(start - end).to.be.at.least(donation);
    });
  });
}
