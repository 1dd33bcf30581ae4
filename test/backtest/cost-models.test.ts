import { expect } from "chai";

import { expectNear } from "./expect-near.js";
import { parseUnits } from "ethers";

import {
  InsufficientLiquidityError,
  accrueDebt,
  liquidityForDepth,
  liquidityForFullRange,
  quoteBuyCollateral,
  quoteSellCollateral,
  rebalanceGasCost,
  runBacktest,
  SECONDS_PER_YEAR,
  type CostModel,
  type VaultPolicy,
} from "@leveraged-vault/sdk";

import { localStackFixture, networkHelpers } from "../fixtures/local-stack.js";

const L = liquidityForFullRange(20_000, 3000);
const POOL = { fee: 0.0005, liquidity: L };
const SQRT_3000 = Math.sqrt(3000);

const policy: VaultPolicy = {
  targetLeverage: 2,
  minLeverage: 1.8,
  maxLeverage: 2.2,
  emergencyLeverage: 2.6,
  recenteringSpeedBps: 10_000,
  maxTradeSize: Infinity,
  cooldownSeconds: 600,
  maxSlippageBps: 100,
  emergencyRewardBps: 50,
  maxEmergencyReward: 1,
  liquidationLeverage: 1 / (1 - 0.86),
};
const noCosts = (pool = { fee: 0, liquidity: Infinity }): CostModel => ({ pool, interest: { borrowApr: 0, supplyApr: 0 }, gas: { gasPerRebalance: 0, gasPriceGwei: 0 } });
const path = (prices: number[], stepSeconds = 3600) => ({ times: prices.map((_, index) => index * stepSeconds), prices });

describe("backtester cost models: the Uniswap v3 pool", function () {
  it("buying collateral keeps x·y = L² and pays the fee on the input: debt = L·(√P' − √P) / (1 − fee)", function () {
    const { debtIn, sqrtPriceAfter } = quoteBuyCollateral(POOL, SQRT_3000, 100);
    const collateralReserve = L / SQRT_3000;
    expectNear(sqrtPriceAfter, L / (collateralReserve - 100), 1e-9);
    expectNear((collateralReserve - 100) * (L * sqrtPriceAfter), L * L, L * L * 1e-12);
    expectNear(debtIn, (L * (sqrtPriceAfter - SQRT_3000)) / (1 - 0.0005), 1e-6);
    // 100 WETH of a 20,000 WETH pool: 0.5% impact on average over the trade, plus the fee.
    expect(debtIn / (100 * 3000) - 1).to.be.within(0.0054, 0.0056);
  });

  it("selling collateral for exact debt is the mirror image, and a round trip without fee returns the start", function () {
    const pool = { fee: 0, liquidity: L };
    const bought = quoteBuyCollateral(pool, SQRT_3000, 50);
    const sold = quoteSellCollateral(pool, bought.sqrtPriceAfter, bought.debtIn);
    expectNear(sold.collateralIn, 50, 1e-9);
    expectNear(sold.sqrtPriceAfter, SQRT_3000, 1e-12);
  });

  it("price impact grows with the trade: the cost per unit of a 10x larger trade is about 10x further from the fee alone", function () {
    const excess = (amount: number) => quoteBuyCollateral(POOL, SQRT_3000, amount).debtIn / (amount * 3000) - 1 / (1 - 0.0005);
    expect(excess(100) / excess(10)).to.be.within(9.9, 10.1);
  });

  it("liquidityForDepth: spending the stated depth moves the price by exactly 1%", function () {
    const liquidity = liquidityForDepth(2_000_000, 3000);
    const debtPerPercent = liquidity * SQRT_3000 * (Math.sqrt(1.01) - 1);
    expectNear(debtPerPercent, 2_000_000, 1e-6);
  });

  it("a trade larger than the range can supply cannot fill", function () {
    expect(() => quoteBuyCollateral(POOL, SQRT_3000, 20_000)).to.throw(InsufficientLiquidityError);
    expect(() => quoteBuyCollateral({ ...POOL, priceRange: [2900, 3100] }, SQRT_3000, 500)).to.throw(InsufficientLiquidityError, /upper price 3100/);
    expect(() => quoteSellCollateral({ ...POOL, priceRange: [2900, 3100] }, SQRT_3000, 1_500_000)).to.throw(InsufficientLiquidityError, /lower price 2900/);
  });

  it("matches the real Uniswap v3 pool: QuoterV2's exact-output quote on the local stack's full-range pool to 1e-9", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    const rawLiquidity: bigint = await stack.uniswap.pool.liquidity();
    const [sqrtPriceX96]: [bigint] = await stack.uniswap.pool.slot0();
    // √(USDC per WETH) in whole tokens, whichever token is token0.
    const sqrtRaw = Number(sqrtPriceX96) / 2 ** 96;
    const sqrtPrice = (stack.uniswap.wethIsToken0 ? sqrtRaw : 1 / sqrtRaw) * 1e6;
    const pool = { fee: stack.uniswap.fee / 1e6, liquidity: Number(rawLiquidity) / 1e12 };
    const weth = await stack.tokens.weth.getAddress();
    const usdc = await stack.tokens.usdc.getAddress();
    for (const wethOut of [1, 50, 400]) {
      const [quotedUsdcIn] = await stack.uniswap.quoterV2.quoteExactOutputSingle.staticCall({
        tokenIn: usdc, tokenOut: weth, amount: parseUnits(String(wethOut), 18), fee: stack.uniswap.fee, sqrtPriceLimitX96: 0n,
      });
      const modelled = quoteBuyCollateral(pool, sqrtPrice, wethOut).debtIn;
      expect(Math.abs(modelled / (Number(quotedUsdcIn) / 1e6) - 1), `${wethOut} WETH out`).to.be.below(1e-9);
    }
    for (const usdcOut of [3_000, 150_000, 1_200_000]) {
      const [quotedWethIn] = await stack.uniswap.quoterV2.quoteExactOutputSingle.staticCall({
        tokenIn: weth, tokenOut: usdc, amount: parseUnits(String(usdcOut), 6), fee: stack.uniswap.fee, sqrtPriceLimitX96: 0n,
      });
      const modelled = quoteSellCollateral(pool, sqrtPrice, usdcOut).collateralIn;
      expect(Math.abs(modelled / (Number(quotedWethIn) / 1e18) - 1), `${usdcOut} USDC out`).to.be.below(1e-9);
    }
  });
});

describe("backtester cost models: interest and gas", function () {
  it("a year at 5% grows the debt by e^0.05 (continuous compounding); a utilisation curve reads the debt", function () {
    expectNear(accrueDebt({ borrowApr: 0.05, supplyApr: 0 }, 1000, SECONDS_PER_YEAR, SECONDS_PER_YEAR), 1000 * Math.exp(0.05), 1e-9);
    const utilisation = { borrowApr: (debt: number) => debt / 100_000, supplyApr: 0 };
    expectNear(accrueDebt(utilisation, 10_000, SECONDS_PER_YEAR, SECONDS_PER_YEAR), 10_000 * Math.exp(0.1), 1e-9);
  });

  it("on a flat price a wide band never trades, and NAV loses exactly the interest on the debt", function () {
    const costs: CostModel = { ...noCosts(), interest: { borrowApr: 0.05, supplyApr: 0 } };
    const prices = Array.from({ length: 366 }, () => 3000);
    const result = runBacktest({ path: path(prices, 86_400), policy, costs, initialEquity: 10 });
    // 20 WETH against 30,000 USDC of debt; after a year the debt is 30,000·e^0.05.
    const expected = (20 * 3000 - 30_000 * Math.exp(0.05)) / (10 * 3000);
    expectNear(result.valueMultiple, expected, 1e-9);
    expectNear(result.netInterestPaid, 30_000 * (Math.exp(0.05) - 1), 1e-6);
    expect(result.actionCounts.rebalance).to.equal(0);
  });

  it("keeper gas: 260,000 gas at 30 gwei with ETH at 3,000 USD is 23.40 USD", function () {
    expectNear(rebalanceGasCost({ gasPerRebalance: 260_000, gasPriceGwei: 30 }, 3000), 23.4, 1e-9);
    expectNear(rebalanceGasCost({ gasPerRebalance: 260_000, gasPriceGwei: 30, nativeTokenPrice: 2000 }, 3000), 15.6, 1e-9);
  });
});

describe("backtester: the vault's rule, call by call", function () {
  it("a drop out of the band delevers straight to the target at full speed, paying only the fee without impact", function () {
    const costs = noCosts({ fee: 0.0005, liquidity: Infinity });
    // 2x at 3000; at 2500 leverage is 20/(20 − 30000/2500) = 2.5.
    const result = runBacktest({ path: path([3000, 2500]), policy: { ...policy, emergencyLeverage: 2.7 }, costs, initialEquity: 10, record: true });
    expect(result.rebalances).to.have.length(1);
    expectNear(result.rebalances[0].leverageBefore, 2.5, 1e-12);
    expectNear(result.rebalances[0].leverageAfter, 2, 0.01);
    // Sold 4 WETH (8 → from 20 to 16 at equity 8) for 10,000 USDC, paying 10,000/2500/(1 − fee) WETH.
    expectNear(result.feesPaid, (10_000 / 2500 / (1 - 0.0005)) * 0.0005 * 2500, 1e-6);
    expectNear(result.priceImpactPaid, 0, 1e-6);
  });

  it("half recentering speed aims half way back to the target", function () {
    const result = runBacktest({ path: path([3000, 2500]), policy: { ...policy, emergencyLeverage: 2.7, recenteringSpeedBps: 5_000 }, costs: noCosts(), initialEquity: 10, record: true });
    expectNear(result.rebalances[0].leverageAfter, 2.25, 1e-9);
  });

  it("a trade cap splits the move into iterations, one per cooldown, at the next points", function () {
    // Leverage 2.5 needs 4 WETH sold; with a 1.5 WETH cap that is three calls; the cooldown allows one per point.
    const prices = [3000, 2500, 2500, 2500, 2500];
    const result = runBacktest({ path: path(prices), policy: { ...policy, emergencyLeverage: 2.7, maxTradeSize: 1.5 }, costs: noCosts(), initialEquity: 10, record: true });
    // Action 1 is Rebalance, 2 Iterate (the vault's RebalanceAction numbers).
    expect(result.rebalances.map((rebalance) => [rebalance.step, rebalance.action])).to.deep.equal([[1, 1], [2, 2], [3, 2]]);
    const traded = result.rebalances.map((rebalance) => rebalance.collateralTraded);
    expect(traded[0]).to.equal(1.5);
    expect(traded[1]).to.equal(1.5);
    expectNear(traded[2], 1, 1e-12);
    expectNear(result.leverage.at(-1), 2, 1e-9);
  });

  it("without a cooldown the iterations run back to back within the same point", function () {
    const result = runBacktest({ path: path([3000, 2500]), policy: { ...policy, emergencyLeverage: 2.7, maxTradeSize: 1.5, cooldownSeconds: 0 }, costs: noCosts(), initialEquity: 10, record: true });
    expect(result.rebalances.map((rebalance) => rebalance.step)).to.deep.equal([1, 1, 1]);
  });

  it("above the emergency leverage anyone delevers at once, ignoring the cooldown, for a capped reward", function () {
    // 3000 → 2450 → 2300: leverage 2.58 (rebalance) then, within the cooldown, a crash to 2.7+ (emergency).
    const prices = [3000, 2300];
    const result = runBacktest({ path: path(prices, 60), policy: { ...policy, emergencyLeverage: 2.6 }, costs: noCosts({ fee: 0.0005, liquidity: Infinity }), initialEquity: 1000, record: true });
    expect(result.actionCounts.emergency).to.equal(1);
    expect(result.rebalances[0].leverageBefore).to.be.above(2.6);
    // 0.5% of the collateral sold would exceed the 1 WETH cap.
    expectNear(result.emergencyRewardsPaid, 1 * 2300, 1e-6);
  });

  it("on a shallow pool each trade is at most the pool's fee times its depth, so a move takes many calls", function () {
    // 50 WETH deep: a sandwich-proof trade is 0.05% of it, 0.025 WETH; the 10-WETH vault's move after a
    // drop to 2500 needs far more than that, so the rebalance continues in chunks, one per cooldown.
    const shallow = { fee: 0.0005, liquidity: liquidityForFullRange(50, 3000) };
    const deep = { fee: 0.0005, liquidity: liquidityForFullRange(100_000, 3000) };
    const run = (pool: typeof shallow) =>
      runBacktest({ path: path([3000, 2500, 2500, 2500]), policy: { ...policy, emergencyLeverage: 2.7 }, costs: noCosts(pool), initialEquity: 10, record: true });
    const onShallow = run(shallow);
    const onDeep = run(deep);
    expect(onShallow.failedRebalances).to.equal(0);
    expect(onDeep.leverage.at(-1)).to.be.below(onShallow.leverage.at(-1)!);
    expect(onShallow.leverage.at(-1)).to.be.below(onShallow.leverage[1]! + 1e-12);
  });

  it("reports the worst leverage seen and steps at the liquidation leverage", function () {
    // A 60% crash in one step: 20 WETH at 1200 against 30,000 USDC is underwater.
    const result = runBacktest({ path: path([3000, 1600, 1200]), policy: { ...policy, cooldownSeconds: 86_400, emergencyLeverage: 2.6 }, costs: noCosts(), initialEquity: 10 });
    expect(result.worstLeverage).to.be.above(policy.liquidationLeverage);
    expect(result.liquidationSteps.length).to.be.greaterThan(0);
  });

  it("deposits and redeems are leverage-neutral and leave NAV per share where it was", function () {
    const costs = noCosts({ fee: 0.0005, liquidity: L });
    const result = runBacktest({
      path: path([3000, 3000, 3000]),
      policy,
      costs,
      initialEquity: 0,
      flows: [{ step: 0, kind: "deposit", assets: 40 }, { step: 1, kind: "deposit", assets: 20 }, { step: 2, kind: "redeem", fractionOfSupply: 0.25 }],
      record: true,
    });
    // The deposit sizes its purchase for the fee only; the 40 WETH trade's price impact (0.2% on
    // this 20,000 WETH pool) lands on the depositor's own equity, leaving leverage a little above 2.
    expectNear(result.leverage[0], 2, 0.005);
    expectNear(result.leverage[2], result.leverage[0], 0.005);
    expectNear(result.navPerShare[1] / result.navPerShare[0] - 1, 0, 1e-12);
    expectNear(result.navPerShare[2] / result.navPerShare[0] - 1, 0, 1e-12);
  });

  it("rejects bad input with an error naming it", function () {
    expect(() => runBacktest({ path: path([3000, -1]), policy, costs: noCosts(), initialEquity: 1 })).to.throw(RangeError, /price 1 must be a positive number/);
    expect(() => runBacktest({ path: path([3000, 3000]), policy: { ...policy, minLeverage: 2.1 }, costs: noCosts(), initialEquity: 1 })).to.throw(RangeError, /minLeverage/);
    expect(() => runBacktest({ path: path([3000, 3000]), policy, costs: noCosts({ fee: 1.5, liquidity: 1 }), initialEquity: 1 })).to.throw(RangeError, /pool fee/);
    expect(() => runBacktest({ path: path([3000, 3000]), policy, costs: noCosts(), initialEquity: 1, flows: [{ step: 5, kind: "deposit", assets: 1 }] })).to.throw(RangeError, /flow step/);
  });
});
