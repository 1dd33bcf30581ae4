import { expect } from "chai";

import { formatLeverage, formatPrice, PRICE_SCALE, WAD } from "../../sdk/src/index.js";

/** WETH (18 decimals) collateral, USDC (6 decimals) debt: the long vault's units. */
const longUnits = { collateralDecimals: 18, debtDecimals: 6 };
/** USDC collateral, WETH debt: the inverse vault's units. */
const inverseUnits = { collateralDecimals: 6, debtDecimals: 18 };

describe("sdk formatting", function () {
  describe("formatLeverage", function () {
    it("writes a WAD leverage with two decimals and an x", function () {
      expect(formatLeverage(2n * WAD)).to.equal("2.00x");
      expect(formatLeverage(WAD)).to.equal("1.00x");
    });

    it("rounds half up at the last digit shown", function () {
      expect(formatLeverage(2_004_999_999_999_999_999n)).to.equal("2.00x");
      expect(formatLeverage(2_005_000_000_000_000_000n)).to.equal("2.01x");
      expect(formatLeverage(1_999_999_999_999_999_999n)).to.equal("2.00x");
    });

    it("shows as many digits as asked", function () {
      expect(formatLeverage(2_187_654_321_000_000_000n, { fractionDigits: 4 })).to.equal("2.1877x");
      expect(formatLeverage(2_187_654_321_000_000_000n, { fractionDigits: 0 })).to.equal("2x");
    });

    it("refuses a digit count that is not a whole number from 0 to 36", function () {
      expect(() => formatLeverage(WAD, { fractionDigits: -1 })).to.throw(RangeError, /fractionDigits/);
      expect(() => formatLeverage(WAD, { fractionDigits: 1.5 })).to.throw(RangeError, /fractionDigits/);
    });
  });

  describe("formatPrice", function () {
    it("writes the long vault's oracle price as USD per ETH", function () {
      // 3000 USDC (3000e6 raw) per 1 WETH (1e18 raw), scaled by 1e36
      const price = (3000n * 10n ** 6n * PRICE_SCALE) / 10n ** 18n;
      expect(formatPrice(price, longUnits)).to.equal("3000.00");
    });

    it("keeps cents of a price that is not whole", function () {
      const price = (2_752_064_321n * PRICE_SCALE) / 10n ** 18n; // 2752.064321 USDC per WETH
      expect(formatPrice(price, longUnits)).to.equal("2752.06");
      expect(formatPrice(price, { ...longUnits, fractionDigits: 4 })).to.equal("2752.0643");
    });

    it("writes the inverse vault's price (USDC in WETH) as ETH per USDC, or inverted as USD per ETH", function () {
      // 1 USDC (1e6 raw) = 1/3000 WETH = 1e18/3000 raw
      const price = (10n ** 18n * PRICE_SCALE) / 3000n / 10n ** 6n;
      expect(formatPrice(price, { ...inverseUnits, fractionDigits: 6 })).to.equal("0.000333");
      expect(formatPrice(price, { ...inverseUnits, invert: true })).to.equal("3000.00");
    });

    it("refuses bad decimals, a negative price and inverting a zero price, naming what was wrong", function () {
      expect(() => formatPrice(1n, { collateralDecimals: -1, debtDecimals: 6 })).to.throw(RangeError, /collateralDecimals/);
      expect(() => formatPrice(1n, { collateralDecimals: 18, debtDecimals: 6.5 })).to.throw(RangeError, /debtDecimals/);
      expect(() => formatPrice(-1n, longUnits)).to.throw(RangeError, /price must not be negative/);
      expect(() => formatPrice(0n, { ...longUnits, invert: true })).to.throw(RangeError, /cannot invert a price of 0/);
    });
  });
});
