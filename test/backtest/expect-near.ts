import { expect } from "chai";

/**
 * `|actual − expected| ≤ tolerance` for plain numbers. (Hardhat's chai matchers take over
 * `closeTo` for bigints and reject fractional tolerances.)
 */
export function expectNear(actual: number | undefined, expected: number, tolerance: number, message?: string): void {
  expect(actual, message).to.be.a("number");
  expect(Math.abs(actual! - expected), message ?? `${actual} is not within ${tolerance} of ${expected}`).to.be.at.most(tolerance);
}
