import { expect } from "chai";
import fc from "fast-check";

import { capMultiple, chooseFees, closenessToEmergency, effectiveFeeCap, GWEI, replacementFees } from "../../keeper/src/send/feePolicy.js";

const WAD = 10n ** 18n;
const x = (leverage: number) => BigInt(Math.round(leverage * 1e6)) * 10n ** 12n;
const cap = { maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 2n * GWEI };
const band = { maxLeverage: x(2.2), emergencyLeverage: x(2.6) };

describe("keeper fee policy", function () {
  it("closeness to the emergency threshold is 0 at the band ceiling, 1 at the threshold, linear between", function () {
    expect(closenessToEmergency(x(2.0), band.maxLeverage, band.emergencyLeverage)).to.equal(0);
    expect(closenessToEmergency(x(2.2), band.maxLeverage, band.emergencyLeverage)).to.equal(0);
    expect(closenessToEmergency(x(2.4), band.maxLeverage, band.emergencyLeverage)).to.equal(0.5);
    expect(closenessToEmergency(x(2.6), band.maxLeverage, band.emergencyLeverage)).to.equal(1);
    expect(closenessToEmergency(x(3.5), band.maxLeverage, band.emergencyLeverage)).to.equal(1);
  });

  it("a routine rebalance near the band ceiling pays at most the configured caps", function () {
    expect(effectiveFeeCap({ cap, emergencyFeeMultiplier: 3, leverage: x(2.21), ...band, emergency: false }).maxFeePerGas).to.equal(105n * GWEI);
    expect(effectiveFeeCap({ cap, emergencyFeeMultiplier: 3, leverage: x(1.7), ...band, emergency: false })).to.deep.equal(cap);
  });

  it("the cap rises as cap × (1 + (multiplier − 1) × closeness): halfway to the threshold with multiplier 3 doubles it", function () {
    expect(capMultiple({ emergencyFeeMultiplier: 3, leverage: x(2.4), ...band, emergency: false })).to.equal(2);
    expect(effectiveFeeCap({ cap, emergencyFeeMultiplier: 3, leverage: x(2.4), ...band, emergency: false })).to.deep.equal({
      maxFeePerGas: 200n * GWEI,
      maxPriorityFeePerGas: 4n * GWEI,
    });
  });

  it("an emergency delever is never held back by the cap: it pays the network's estimate", function () {
    const emergencyCap = effectiveFeeCap({ cap, emergencyFeeMultiplier: 3, leverage: x(2.3), ...band, emergency: true });
    const expensive = { maxFeePerGas: 5_000n * GWEI, maxPriorityFeePerGas: 50n * GWEI };
    const choice = chooseFees(expensive, 4_000n * GWEI, emergencyCap);
    expect(choice.ok).to.equal(true);
    if (choice.ok) expect(choice.fees).to.deep.equal(expensive);
    // The same fees for a routine rebalance wait for cheaper gas.
    expect(chooseFees(expensive, 4_000n * GWEI, cap).ok).to.equal(false);
  });

  it("the cap never falls as leverage rises (property)", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: WAD, max: 4n * WAD }), fc.bigInt({ min: WAD, max: 4n * WAD }), fc.double({ min: 1, max: 10, noNaN: true }), (a, b, multiplier) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const capAt = (leverage: bigint) => effectiveFeeCap({ cap, emergencyFeeMultiplier: multiplier, leverage, ...band, emergency: false }).maxFeePerGas;
        return capAt(low) <= capAt(high) && capAt(high) <= effectiveFeeCap({ cap, emergencyFeeMultiplier: multiplier, leverage: high, ...band, emergency: true }).maxFeePerGas;
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("clamps the network estimate to the cap, and the tip to the max fee", function () {
    expect(chooseFees({ maxFeePerGas: 150n * GWEI, maxPriorityFeePerGas: 3n * GWEI }, 50n * GWEI, cap)).to.deep.equal({
      ok: true,
      fees: { maxFeePerGas: 100n * GWEI, maxPriorityFeePerGas: 2n * GWEI },
      capped: true,
    });
    expect(chooseFees({ maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI }, 10n * GWEI, cap)).to.deep.equal({
      ok: true,
      fees: { maxFeePerGas: 30n * GWEI, maxPriorityFeePerGas: GWEI },
      capped: false,
    });
  });

  it("waits when the base fee alone is above the cap (the transaction could not be included)", function () {
    expect(chooseFees({ maxFeePerGas: 300n * GWEI, maxPriorityFeePerGas: GWEI }, 101n * GWEI, cap)).to.include({ ok: false, reason: "base-fee-above-cap" });
  });

  it("a replacement raises both fees by at least bumpPercent", function () {
    const previous = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI };
    const low = { maxFeePerGas: GWEI, maxPriorityFeePerGas: 1n };
    expect(replacementFees(previous, 12.5, low, cap)).to.deep.equal({ maxFeePerGas: 11_250_000_000n, maxPriorityFeePerGas: 1_125_000_000n });
  });

  it("a replacement follows the network when its estimate is higher than the bump", function () {
    const previous = { maxFeePerGas: 10n * GWEI, maxPriorityFeePerGas: GWEI };
    expect(replacementFees(previous, 10, { maxFeePerGas: 40n * GWEI, maxPriorityFeePerGas: GWEI }, cap)?.maxFeePerGas).to.equal(40n * GWEI);
  });

  it("a replacement that would exceed the cap is refused (the fee bump is bounded)", function () {
    expect(replacementFees({ maxFeePerGas: 95n * GWEI, maxPriorityFeePerGas: GWEI }, 10, { maxFeePerGas: GWEI, maxPriorityFeePerGas: GWEI }, cap)).to.equal(undefined);
  });

  it("a bumped fee is always at least bumpPercent above the previous one (property)", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 10, max: 100 }), (a, b, bump) => {
        const [tip, fee] = a < b ? [a, b] : [b, a]; // a valid transaction never tips more than its max fee
        const huge = { maxFeePerGas: 10n ** 30n, maxPriorityFeePerGas: 10n ** 30n };
        const next = replacementFees({ maxFeePerGas: fee, maxPriorityFeePerGas: tip }, bump, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }, huge)!;
        return next.maxFeePerGas * 100n >= fee * BigInt(100 + bump) && next.maxPriorityFeePerGas * 100n >= tip * BigInt(100 + bump);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
