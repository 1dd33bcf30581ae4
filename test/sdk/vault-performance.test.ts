import { expect } from "chai";

import { pathDecay, vaultPerformance, type VaultNavPoint } from "../../sdk/src/index.js";

const DAY = 86_400;
const close = (a: number | null, b: number, tolerance = 1e-12) => expect(Math.abs(a! - b), `${a} vs ${b}`).to.be.below(tolerance);

/** A 2x vault that tracks the ideal exactly: NAV in asset units = (P/P0)^(L−1)·e^(−(L²−L)·Σln²/2). */
function idealPath(prices: number[], leverage: number, secondsApart = DAY): VaultNavPoint[] {
  return prices.map((price, index) => {
    const { closedFormValueRatio } = pathDecay({ leverage, prices: index === 0 ? [prices[0]!, prices[0]!] : prices.slice(0, index + 1) });
    return { timestamp: index * secondsApart, navPerShare: 1e18 * (closedFormValueRatio / (price / prices[0]!)), price };
  });
}

describe("sdk vaultPerformance", function () {
  it("each return starts at the last observation at or before now − window, and is null when the history is shorter", function () {
    const points = [0, 1, 5, 23, 29, 30].map((day, index) => ({ timestamp: day * DAY, navPerShare: 100 + index, price: 1 }));
    const { returns, now } = vaultPerformance({ points, targetLeverage: 2 });
    expect(now).to.equal(30 * DAY);
    // 24h: start at day 29 (NAV 104); 7d: day 23 (103); 30d: day 0 (100).
    expect(returns["24h"]).to.deep.equal({ seconds: DAY, value: 105 / 104 - 1, since: 29 * DAY });
    expect(returns["7d"]).to.deep.equal({ seconds: 7 * DAY, value: 105 / 103 - 1, since: 23 * DAY });
    expect(returns["30d"]).to.deep.equal({ seconds: 30 * DAY, value: 105 / 100 - 1, since: 0 });
    const young = vaultPerformance({ points: points.slice(3), targetLeverage: 2 });
    expect(young.returns["30d"]).to.deep.equal({ seconds: 30 * DAY, value: null, since: null });
    expect(young.returns["7d"].value).to.equal(105 / 103 - 1);
  });

  it("a vault on the ideal path has no gap to it, and the realised volatility is the path's, annualised", function () {
    const prices = [3000, 3150, 2900, 3050, 2800, 3300, 3100, 3000];
    const points = idealPath(prices, 2);
    const { window } = vaultPerformance({ points, targetLeverage: 2 });
    close(window.gapToIdeal, 0);
    close(window.vaultMultiple, window.idealMultiple!);
    const variance = prices.slice(1).reduce((sum, price, index) => sum + Math.log(price / prices[index]!) ** 2, 0);
    close(window.realisedVolatility, Math.sqrt(variance / ((7 * DAY) / (365 * DAY))));
  });

  it("a vault that lost 1% to costs on the ideal path shows a gap of −1%", function () {
    const prices = [3000, 3300, 2700, 3000];
    const points = idealPath(prices, 3);
    points[points.length - 1] = { ...points[points.length - 1]!, navPerShare: Number(points[points.length - 1]!.navPerShare) * 0.99 };
    close(vaultPerformance({ points, targetLeverage: 3 }).window.gapToIdeal, -0.01, 1e-12);
  });

  it("on a flat price the ideal multiple is 1 and the volatility 0; the window keeps only the last 30 days", function () {
    const points = [0, 10, 40, 50, 70].map((day) => ({ timestamp: day * DAY, navPerShare: 10n ** 18n + BigInt(day), price: 2n * 10n ** 18n }));
    const { window } = vaultPerformance({ points, targetLeverage: 2 });
    expect(window.since).to.equal(40 * DAY);
    close(window.idealMultiple, 1);
    close(window.realisedVolatility, 0);
    close(window.vaultMultiple, Number(10n ** 18n + 70n) / Number(10n ** 18n + 40n));
  });

  it("refuses what it cannot measure, naming it", function () {
    expect(() => vaultPerformance({ points: [], targetLeverage: 2 })).to.throw(RangeError, "at least one observation");
    expect(() => vaultPerformance({ points: [{ timestamp: 0, navPerShare: 1, price: 1 }], targetLeverage: 0.5 })).to.throw(RangeError, "targetLeverage must be at least 1 (got 0.5)");
    expect(() => vaultPerformance({ points: [{ timestamp: 0, navPerShare: 1, price: 0 }], targetLeverage: 2 })).to.throw(RangeError, "points[0]");
    const unordered = [{ timestamp: 10, navPerShare: 1, price: 1 }, { timestamp: 5, navPerShare: 1, price: 1 }];
    expect(() => vaultPerformance({ points: unordered, targetLeverage: 2 })).to.throw(RangeError, "oldest first (points[1] at 5 precedes 10)");
  });

  it("a single observation gives no window figures", function () {
    const { window, returns } = vaultPerformance({ points: [{ timestamp: 100, navPerShare: 5, price: 1 }], targetLeverage: 2 });
    expect(window).to.deep.equal({ since: 100, realisedVolatility: null, vaultMultiple: null, idealMultiple: null, gapToIdeal: null });
    expect(returns["24h"].value).to.equal(null);
  });
});
