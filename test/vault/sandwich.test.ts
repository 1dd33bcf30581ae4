import { expect } from "chai";
import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import fc from "fast-check";
import { MaxUint256, type Signer } from "ethers";

import { toFeedAnswer, wethToUsdc } from "../../scripts/stack/deploy-local-stack.js";
import { sqrtPriceX96FromAmounts } from "../../scripts/stack/uniswap-price.js";
import {
  Action,
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
  reduceRisk,
  rebalancedEvent,
  revertedWith,
  withBps,
  type FundedVaults,
} from "../fixtures/funded-vaults.js";

/**
 * The attacker trades the real pool through the real SwapRouter until the pool's ETH price is
 * `ethUsd` (a price limit, not an amount), and returns what it takes to undo the trade.
 */
async function pushPool(fixture: FundedVaults, attacker: Signer, ethUsd: number) {
  const { weth, usdc } = fixture.stack.tokens;
  const { pool, swapRouter, wethIsToken0, fee } = fixture.stack.uniswap;
  const attackerAddress = await attacker.getAddress();
  const routerAddress = await swapRouter.getAddress();
  const oneWeth = 10n ** 18n;
  const oneWethInUsdc = wethToUsdc(oneWeth, toFeedAnswer(ethUsd));
  const target = wethIsToken0 ? sqrtPriceX96FromAmounts(oneWeth, oneWethInUsdc) : sqrtPriceX96FromAmounts(oneWethInUsdc, oneWeth);
  const [current] = await pool.slot0();
  if (target === current) return { spent: 0n, received: 0n, undo: async () => {} };
  const priceGoesUp = target > current;
  const [token0, token1] = wethIsToken0 ? [weth, usdc] : [usdc, weth];
  const [tokenIn, tokenOut] = priceGoesUp ? [token1, token0] : [token0, token1];
  await tokenIn.connect(attacker).approve(routerAddress, MaxUint256);
  await tokenOut.connect(attacker).approve(routerAddress, MaxUint256);

  const inBefore = await tokenIn.balanceOf(attackerAddress);
  const outBefore = await tokenOut.balanceOf(attackerAddress);
  await (swapRouter.connect(attacker) as typeof swapRouter).exactInputSingle({
    tokenIn: await tokenIn.getAddress(),
    tokenOut: await tokenOut.getAddress(),
    fee,
    recipient: attackerAddress,
    deadline: MaxUint256,
    amountIn: inBefore,
    amountOutMinimum: 0n,
    sqrtPriceLimitX96: target,
  });
  const spent = inBefore - (await tokenIn.balanceOf(attackerAddress));
  const received = (await tokenOut.balanceOf(attackerAddress)) - outBefore;
  expect(spent).to.be.gt(0n);

  /** The back-run: sells everything the front-run bought. */
  async function undo() {
    await (swapRouter.connect(attacker) as typeof swapRouter).exactInputSingle({
      tokenIn: await tokenOut.getAddress(),
      tokenOut: await tokenIn.getAddress(),
      fee,
      recipient: attackerAddress,
      deadline: MaxUint256,
      amountIn: received,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: 0n,
    });
  }
  return { spent, received, undo };
}

for (const market of MARKETS) for (const kind of kinds) {
  describe(`sandwich attacks (${kind} vault on ${marketCases[market].label})`, function () {
    async function setup() {
      const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
      return { fixture, ...pick(fixture, kind) };
    }

    describe("on a rebalance", function () {
      it("a front-run inside the deviation bound costs the vault at most the slippage bound", async function () {
        const { fixture, vault, scenario } = await setup();
        const { keeper, mallory } = fixture;
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const status = await vault.rebalanceStatus();
        expect(status.action).to.equal(Action.Rebalance);
        expect(status.leverUp).to.equal(false);
        const { maxSlippageBps } = await currentRisk(vault);
        const before = await vault.positionState();

        // Front-run: the pool is pushed 0.6% against the vault's sale (the deviation bound is 1%).
        const frontRun = await pushPool(fixture, mallory, scenario.leverDownPrice * scenario.adverseForSelling(0.006));
        const event = await rebalancedEvent(vault, await vault.connect(keeper).rebalance());
        await frontRun.undo();

        // The vault did pay for the attack (the 0.6% push plus the pool fee)...
        expect(event.amountIn).to.be.gt(withBps(event.oracleImpliedAmountIn, 50));
        // ...but never more than its bound: the pool's fee (5 bps) and the trade's own impact at the
        // oracle price (under 10 bps for a trade this size), plus maxSlippageBps.
        const bound = withBps(event.oracleImpliedAmountIn, Number(maxSlippageBps) + 5 + 10);
        expect(event.amountIn).to.be.lte(bound);

        const after = await vault.positionState();
        expect(after.price).to.equal(before.price);
        const loss = before.equity - after.equity;
        // Interest accrued over the few blocks of the attack is far below a millionth of the equity.
        expect(loss).to.be.lte(bound - event.oracleImpliedAmountIn + before.equity / 1_000_000n);
        expect(lev(after.leverage)).to.be.below(lev(before.leverage));
      });

      it("a front-run inside the deviation bound that would cost more than the slippage tolerance makes the rebalance revert", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        // A guardian's tighter tolerance (0.3%), under the 1% deviation bound.
        await reduceRisk(vault, fixture.owner, { maxSlippageBps: 30 });
        const before = await vault.positionState();
        // 0.8% of push, the pool fee and the trade's own price impact add up to more than 1%.
        const frontRun = await pushPool(fixture, fixture.mallory, scenario.leverDownPrice * scenario.adverseForSelling(0.008));
        const failure = await revertedWith(vault, () => vault.connect(fixture.keeper).rebalance());
        expect(failure.name).to.equal("SwapSlippageExceeded");
        const [amountIn, maxAmountIn] = failure.args as unknown as [bigint, bigint];
        expect(amountIn).to.be.gt(maxAmountIn);
        await frontRun.undo();
        // Nothing traded: the collateral is what it was (plus a block's supply interest where it earns any).
        expectCollateralMoved(fixture, (await vault.positionState()).collateral - before.collateral, 0n, before.collateral);
        expect(await vault.lastRebalanceAt()).to.equal(0n);
      });

      it("a front-run beyond the deviation bound makes the vault refuse to trade", async function () {
        const { fixture, vault, scenario } = await setup();
        await marketTo(fixture, scenario.leverDownPrice);
        await passCooldown(vault);
        const before = await vault.positionState();
        const { maxPoolDeviationBps } = await currentRisk(vault);

        await pushPool(fixture, fixture.mallory, scenario.leverDownPrice * scenario.adverseForSelling(0.012));
        await expect(vault.connect(fixture.keeper).rebalance())
          .to.be.revertedWithCustomError(vault, "PoolPriceDeviation")
          .withArgs(anyValue, before.price, BigInt(maxPoolDeviationBps));
        const after = await vault.positionState();
        expectCollateralMoved(fixture, after.collateral - before.collateral, 0n, before.collateral);
        expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);
      });
    });

    describe("on a deposit", function () {
      /**
       * Alice deposits `amount` whole collateral tokens while the attacker has pushed the pool
       * `pushBps` against buyers of collateral. Returns the preview she saw and what happened.
       */
      async function sandwichedDeposit(amount: number, pushBps: number, maxSlippageBps?: number) {
        const { fixture, vault, scenario } = await setup();
        const { alice, mallory } = fixture;
        if (maxSlippageBps !== undefined) await reduceRisk(vault, fixture.owner, { maxSlippageBps });
        const assets = scenario.units(amount);
        const preview = await vault.previewDeposit(assets);
        expect(preview).to.be.gt(0n);
        const frontRun = await pushPool(fixture, mallory, 3000 * scenario.adverseForBuying(pushBps / 10_000));
        const maxDepositAfterPush = await vault.maxDeposit(alice.address);
        const sharesBefore = await vault.balanceOf(alice.address);
        let outcome: { minted: bigint } | { error: string };
        try {
          await (await vault.connect(alice).deposit(assets, alice.address)).wait();
          outcome = { minted: (await vault.balanceOf(alice.address)) - sharesBefore };
        } catch {
          const failure = await revertedWith(vault, () => vault.connect(alice).deposit(assets, alice.address));
          outcome = { error: failure.name };
        }
        await frontRun.undo();
        return { preview, outcome, maxDepositAfterPush };
      }

      it("a mild front-run still mints at least the shares previewDeposit promised before it", async function () {
        const { preview, outcome } = await sandwichedDeposit(kind === "long" ? 10 : 30_000, 50);
        expect(outcome).to.have.property("minted");
        expect((outcome as { minted: bigint }).minted).to.be.gte(preview);
      });

      it("a front-run beyond the slippage tolerance makes maxDeposit 0 and the deposit revert up front", async function () {
        const { outcome, maxDepositAfterPush } = await sandwichedDeposit(kind === "long" ? 100 : 300_000, 95, 30);
        expect(maxDepositAfterPush).to.equal(0n);
        expect(outcome).to.deep.equal({ error: "ERC4626ExceededMaxDeposit" });
      });

      it("a front-run beyond the deviation bound makes the deposit revert PoolPriceDeviation", async function () {
        const { outcome } = await sandwichedDeposit(kind === "long" ? 10 : 30_000, 150);
        expect(outcome).to.deep.equal({ error: "PoolPriceDeviation" });
      });

      it("whatever the front-run, a deposit mints at least the previewed shares or reverts", async function () {
        this.timeout(60_000);
        const sizes = kind === "long" ? [1, 10, 50, 150] : [3_000, 30_000, 150_000, 450_000];
        const seen = { minted: 0, reverted: 0 };
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...sizes), fc.integer({ min: 0, max: 140 }), async (amount, pushBps) => {
            const { preview, outcome } = await sandwichedDeposit(amount, pushBps);
            if ("minted" in outcome) {
              seen.minted += 1;
              expect(outcome.minted).to.be.gte(preview);
            } else {
              seen.reverted += 1;
              expect(outcome.error).to.be.oneOf(["SwapSlippageExceeded", "PoolPriceDeviation", "ERC4626ExceededMaxDeposit"]);
            }
          }),
          { seed: 42, numRuns: 12 },
        );
        // The generated cases exercise both outcomes.
        expect(seen.minted).to.be.gt(0);
        expect(seen.reverted).to.be.gt(0);
      });
    });
  });
}
