// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {LeverageMath} from "../../contracts/libraries/LeverageMath.sol";

/// @notice Properties of the leveraged-position arithmetic. Amounts are bounded to realistic but
/// generous ranges (up to 1e30 raw units, prices from 1e18 to 1e45 on the 1e36 scale, which covers
/// both the long (3e27) and the inverse (3.3e44) vault) so every
/// reference computation below fits in 256 bits without overflow.
contract LeverageMathTest is Test {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant PRICE_SCALE = 1e36;
    uint256 internal constant MAX_AMOUNT = 1e30;
    uint256 internal constant MIN_PRICE = 1e18;
    uint256 internal constant MAX_PRICE = 1e45;

    /// The 128-bit fast path gives OpenZeppelin's exact 512-bit result, on either side of the bound.
    function testFuzz_mulDivDown_equalsFullPrecisionMulDiv(uint256 a, uint256 b, uint256 denominator) public pure {
        denominator = bound(denominator, 1, type(uint256).max);
        (uint256 high,) = Math.mul512(a, b);
        if (high >= denominator) return; // the exact quotient does not fit in 256 bits: both revert
        assertEq(LeverageMath.mulDivDown(a, b, denominator), Math.mulDiv(a, b, denominator));
    }

    function testFuzz_mulDivUp_equalsFullPrecisionMulDiv(uint256 a, uint256 b, uint256 denominator) public pure {
        denominator = bound(denominator, 1, type(uint256).max);
        (uint256 high,) = Math.mul512(a, b);
        if (high >= denominator) return;
        if (Math.mulDiv(a, b, denominator) == type(uint256).max && mulmod(a, b, denominator) != 0) return; // rounding up overflows
        assertEq(LeverageMath.mulDivUp(a, b, denominator), Math.mulDiv(a, b, denominator, Math.Rounding.Ceil));
    }

    /// Factors of 128 bits, the fast path's own range, up to its edge.
    function testFuzz_mulDiv_fastPathRangeMatchesFullPrecision(uint128 a, uint128 b, uint256 denominator) public pure {
        denominator = bound(denominator, 1, type(uint256).max);
        assertEq(LeverageMath.mulDivDown(a, b, denominator), Math.mulDiv(a, b, denominator));
        assertEq(LeverageMath.mulDivUp(a, b, denominator), Math.mulDiv(a, b, denominator, Math.Rounding.Ceil));
    }

    function test_mulDiv_atTheFastPathEdge() public pure {
        uint256 max128 = type(uint128).max;
        assertEq(LeverageMath.mulDivDown(max128, max128, max128), max128);
        assertEq(LeverageMath.mulDivUp(max128, max128 - 1, max128 + 1), Math.mulDiv(max128, max128 - 1, max128 + 1, Math.Rounding.Ceil));
        // One bit over: the 512-bit path, same answer.
        assertEq(LeverageMath.mulDivDown(max128 + 1, max128, max128), max128 + 1);
        assertEq(LeverageMath.mulDivUp(type(uint256).max, 3, 7), Math.mulDiv(type(uint256).max, 3, 7, Math.Rounding.Ceil));
    }

    function testFuzz_equityDown_neverExceedsCollateral(uint256 collateral, uint256 debt, uint256 price) public pure {
        collateral = bound(collateral, 0, MAX_AMOUNT);
        debt = bound(debt, 0, MAX_AMOUNT);
        price = bound(price, MIN_PRICE, MAX_PRICE);
        assertLe(LeverageMath.equityDown(collateral, debt, price), collateral);
    }

    /// The exact equity is C - D * 1e36 / P (a rational). `e <= C - D*1e36/P` is `e*P + D*1e36 <= C*P`.
    function testFuzz_equityDown_neverAboveExactRationalEquity(uint256 collateral, uint256 debt, uint256 price)
        public
        pure
    {
        collateral = bound(collateral, 0, MAX_AMOUNT);
        debt = bound(debt, 0, MAX_AMOUNT);
        price = bound(price, MIN_PRICE, MAX_PRICE);
        uint256 equity = LeverageMath.equityDown(collateral, debt, price);
        if (equity == 0) return; // zero is below any exact equity, including a negative one
        assertLe(equity * price + debt * PRICE_SCALE, collateral * price);
        // ...and at most one unit below it (the debt is rounded up by less than one collateral unit).
        assertGe((equity + 1) * price + debt * PRICE_SCALE, collateral * price);
    }

    function testFuzz_leverage_atLeastOneXWhenEquityPositiveAndCollateralCoversIt(uint256 collateral, uint256 equity)
        public
        pure
    {
        equity = bound(equity, 1, MAX_AMOUNT);
        collateral = bound(collateral, equity, MAX_AMOUNT);
        assertGe(LeverageMath.leverage(collateral, equity), WAD);
    }

    function testFuzz_recentered_liesBetweenCurrentAndTarget(uint256 current, uint256 target, uint256 speedBps)
        public
        pure
    {
        current = bound(current, WAD, 100 * WAD);
        target = bound(target, WAD, 10 * WAD);
        speedBps = bound(speedBps, 1, 10_000);
        uint256 next = LeverageMath.recentered(current, target, speedBps);
        (uint256 low, uint256 high) = current < target ? (current, target) : (target, current);
        assertGe(next, low);
        assertLe(next, high);
    }

    function testFuzz_recentered_equalsTargetAtFullSpeed(uint256 current, uint256 target) public pure {
        current = bound(current, WAD, 100 * WAD);
        target = bound(target, WAD, 10 * WAD);
        assertEq(LeverageMath.recentered(current, target, 10_000), target);
    }

    /// After trading `amount` at constant equity the leverage is `nextLeverage` up to the rounding
    /// of `equity * nextLeverage / WAD` (less than one collateral unit, i.e. WAD / equity of leverage).
    function testFuzz_collateralToTrade_reachesNextLeverageWithinRounding(
        uint256 equity,
        uint256 currentLeverage,
        uint256 nextLeverage
    ) public pure {
        equity = bound(equity, 1, MAX_AMOUNT);
        currentLeverage = bound(currentLeverage, WAD, 20 * WAD);
        nextLeverage = bound(nextLeverage, WAD, 10 * WAD);
        uint256 collateral = equity * currentLeverage / WAD;

        (uint256 amount, bool leverUp) = LeverageMath.collateralToTrade(collateral, equity, nextLeverage);
        uint256 collateralAfter = leverUp ? collateral + amount : collateral - amount;
        uint256 leverageAfter = LeverageMath.leverage(collateralAfter, equity);

        assertEq(leverUp, equity * nextLeverage / WAD >= collateral, "direction");
        assertLe(leverageAfter, nextLeverage, "never above the aim");
        // One unit of collateral is WAD / equity of leverage, plus one wei of the final division.
        assertLe(nextLeverage - leverageAfter, WAD / equity + 1, "within rounding of the aim");
    }

    function testFuzz_conversions_roundTripNeverCreatesValue(uint256 collateral, uint256 price) public pure {
        collateral = bound(collateral, 0, MAX_AMOUNT);
        price = bound(price, 1, MAX_PRICE);
        uint256 debt = LeverageMath.collateralToDebtDown(collateral, price);
        assertLe(LeverageMath.debtToCollateralDown(debt, price), collateral);
    }

    function testFuzz_conversions_debtRoundTripNeverCreatesValue(uint256 debt, uint256 price) public pure {
        debt = bound(debt, 0, MAX_AMOUNT);
        price = bound(price, 1, MAX_PRICE);
        uint256 collateral = LeverageMath.debtToCollateralDown(debt, price);
        assertLe(LeverageMath.collateralToDebtDown(collateral, price), debt);
    }

    function testFuzz_conversions_upIsNeverBelowDown(uint256 amount, uint256 price) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        price = bound(price, 1, MAX_PRICE);
        uint256 downC = LeverageMath.collateralToDebtDown(amount, price);
        uint256 upC = LeverageMath.collateralToDebtUp(amount, price);
        assertLe(downC, upC);
        assertLe(upC - downC, 1);
        uint256 downD = LeverageMath.debtToCollateralDown(amount, price);
        uint256 upD = LeverageMath.debtToCollateralUp(amount, price);
        assertLe(downD, upD);
        assertLe(upD - downD, 1);
    }

    function testFuzz_addBpsUp_neverBelowAmount(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        bps = bound(bps, 0, 10_000);
        assertGe(LeverageMath.addBpsUp(amount, bps), amount);
    }

    function testFuzz_bpsOfDown_neverAboveBpsOfUp(uint256 amount, uint256 bps) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        bps = bound(bps, 0, 10_000);
        uint256 down = LeverageMath.bpsOfDown(amount, bps);
        uint256 up = LeverageMath.bpsOfUp(amount, bps);
        assertLe(down, up);
        assertLe(up - down, 1);
    }

    function test_liquidationLeverage_ofMorphoLltv86_isAbout7_142857x() public pure {
        // 1 / (1 - 0.86) = 7.142857142857...
        assertApproxEqAbs(LeverageMath.liquidationLeverage(0.86e18), 7_142_857_142_857_142_857, 1);
    }

    function test_leverage_isOneXForEmptyAndMaxAtZeroEquity() public pure {
        assertEq(LeverageMath.leverage(0, 0), WAD);
        assertEq(LeverageMath.leverage(1, 0), type(uint256).max);
    }
}
