import { expect } from "chai";

import { feedEthPriceUsd, moveMarket, poolEthPriceUsd } from "../../scripts/stack/deploy-local-stack.js";
import { localStackFixture, networkHelpers } from "../fixtures/local-stack.js";

const TOLERANCE = 0.001; // 0.1%

function expectAgreement(poolPrice: number, feedPrice: number) {
  expect(Math.abs(poolPrice / feedPrice - 1)).to.be.below(TOLERANCE, `pool ${poolPrice} vs feed ${feedPrice}`);
}

describe("local stack: moveMarket", function () {
  it("starts with the pool initialised at the feed price", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    expect(await feedEthPriceUsd(stack)).to.equal(3000);
    expectAgreement(await poolEthPriceUsd(stack), 3000);
  });

  for (const price of [3600, 2100, 4500, 1200]) {
    it(`moves feed and pool together to ${price} USD`, async function () {
      const stack = await networkHelpers.loadFixture(localStackFixture);
      await moveMarket(stack, price);
      expect(await feedEthPriceUsd(stack)).to.equal(price);
      expectAgreement(await poolEthPriceUsd(stack), price);
    });
  }

  it("follows a path up then down, agreeing at every step", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    for (const price of [3150, 3400, 2900, 2500, 2750]) {
      await moveMarket(stack, price);
      expectAgreement(await poolEthPriceUsd(stack), await feedEthPriceUsd(stack));
    }
  });

  it("moves Morpho's oracle with the feed (1e36 scale, raw units)", async function () {
    const stack = await networkHelpers.loadFixture(localStackFixture);
    await moveMarket(stack, 2500);
    // 2500 USDC (6 decimals) per 1e18 raw WETH, times 1e36.
    expect(await stack.morpho.wethCollateralMarket.oracle.price()).to.equal(2500n * 10n ** 6n * 10n ** 36n / 10n ** 18n);
    expect(await stack.morpho.usdcCollateralMarket.oracle.price()).to.equal(10n ** 18n * 10n ** 36n / (2500n * 10n ** 6n));
  });
});
