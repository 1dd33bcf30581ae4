import { expect } from "chai";
import { parseUnits } from "ethers";

import { ethers, localStackFixture, networkHelpers } from "../fixtures/local-stack.js";

describe("local stack: Uniswap v3", function () {
  it("a WETH -> USDC swap through SwapRouter returns exactly what QuoterV2 quoted", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    const [, trader] = await ethers.getSigners();
    const { weth, usdc } = stack.tokens;
    const amountIn = parseUnits("25", 18);
    await weth.mint(trader.address, amountIn);
    await weth.connect(trader).approve(await stack.uniswap.swapRouter.getAddress(), amountIn);

    const quoteParams = {
      tokenIn: await weth.getAddress(),
      tokenOut: await usdc.getAddress(),
      amountIn,
      fee: stack.uniswap.fee,
      sqrtPriceLimitX96: 0n,
    };
    const [quotedOut] = await stack.uniswap.quoterV2.quoteExactInputSingle.staticCall(quoteParams);

    await stack.uniswap.swapRouter.connect(trader).getFunction("exactInputSingle")({
      ...quoteParams,
      recipient: trader.address,
      deadline: ethers.MaxUint256,
      amountOutMinimum: quotedOut,
    });

    expect(await usdc.balanceOf(trader.address)).to.equal(quotedOut);
    // 25 ETH at 3000 USD, less the 0.05% fee and the price impact on a 20,000 ETH full-range pool.
    expect(quotedOut).to.be.within(parseUnits("74800", 6), parseUnits("75000", 6));
  });

  it("a USDC -> WETH exact-output swap costs exactly what QuoterV2 quoted", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    const [, trader] = await ethers.getSigners();
    const { weth, usdc } = stack.tokens;
    const amountOut = parseUnits("10", 18);
    const quoteParams = {
      tokenIn: await usdc.getAddress(),
      tokenOut: await weth.getAddress(),
      amount: amountOut,
      fee: stack.uniswap.fee,
      sqrtPriceLimitX96: 0n,
    };
    const [quotedIn] = await stack.uniswap.quoterV2.quoteExactOutputSingle.staticCall(quoteParams);
    await usdc.mint(trader.address, quotedIn);
    await usdc.connect(trader).approve(await stack.uniswap.swapRouter.getAddress(), quotedIn);

    await stack.uniswap.swapRouter.connect(trader).getFunction("exactOutputSingle")({
      tokenIn: quoteParams.tokenIn,
      tokenOut: quoteParams.tokenOut,
      fee: stack.uniswap.fee,
      recipient: trader.address,
      deadline: ethers.MaxUint256,
      amountOut,
      amountInMaximum: quotedIn,
      sqrtPriceLimitX96: 0n,
    });

    expect(await weth.balanceOf(trader.address)).to.equal(amountOut);
    expect(await usdc.balanceOf(trader.address)).to.equal(0n);
  });
});
