// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {PoolPriceMath} from "../../contracts/libraries/PoolPriceMath.sol";

/// @notice Properties of reading a Uniswap v3 `sqrtPriceX96` as a 1e36-scale collateral price.
contract PoolPriceMathTest is Test {
    uint256 internal constant Q96 = 2 ** 96;
    /// Uniswap v3 TickMath bounds.
    uint160 internal constant MIN_SQRT_RATIO = 4295128739;
    uint160 internal constant MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342;

    /// A log-uniform `sqrtPriceX96` in [2^minExp, 2^maxExp): uniform draws over uint160 would almost
    /// all land near the top of the range.
    function _logUniformSqrtPrice(uint256 exponentSeed, uint256 mantissaSeed, uint256 minExp, uint256 maxExp)
        internal
        pure
        returns (uint160)
    {
        uint256 exponent = bound(exponentSeed, minExp, maxExp - 1);
        return uint160(bound(mantissaSeed, 2 ** exponent, 2 ** (exponent + 1) - 1));
    }

    /// Both directions are rounded down, so the product never exceeds 1e72, anywhere in Uniswap's range.
    function testFuzz_reciprocalPrices_productNeverExceeds1e72(uint256 exponentSeed, uint256 mantissaSeed) public pure {
        uint160 s = _logUniformSqrtPrice(exponentSeed, mantissaSeed, 32, 160);
        s = uint160(bound(s, MIN_SQRT_RATIO, MAX_SQRT_RATIO));
        uint256 asToken0 = PoolPriceMath.collateralPrice(s, true);
        uint256 asToken1 = PoolPriceMath.collateralPrice(s, false);
        assertLe(asToken0 * asToken1, 1e72);
    }

    /// `price(s, true) * price(s, false) ~= 1e72` within the relative rounding of the two divisions:
    /// `price(s, true)` loses less than `ceil(1e36 / 2^96) + 1` raw units, `price(s, false)` less than `ceil(2^96 / s) + 1`.
    /// The range [2^60, 2^140) holds every real token pair (WETH/USDC is about 2^82 or 2^110).
    function testFuzz_reciprocalPrices_productIs1e72WithinRounding(uint256 exponentSeed, uint256 mantissaSeed)
        public
        pure
    {
        uint160 s = _logUniformSqrtPrice(exponentSeed, mantissaSeed, 60, 140);
        uint256 asToken0 = PoolPriceMath.collateralPrice(s, true);
        uint256 asToken1 = PoolPriceMath.collateralPrice(s, false);
        // Each bound is rounded up (ceil of the real-valued loss of the first step, plus one of the second).
        uint256 lossToken0 = Math.ceilDiv(1e36, Q96) + 1;
        uint256 lossToken1 = Math.ceilDiv(Q96, s) + 1;
        uint256 relTolerance = Math.ceilDiv(lossToken0 * 1e18, asToken0) + Math.ceilDiv(lossToken1 * 1e18, asToken1);
        assertLe(relTolerance, 1e12, "the rounding bound itself is below 1e-6 in this range");
        assertApproxEqRel(asToken0 * asToken1, 1e72, relTolerance);
    }

    function testFuzz_price_increasesWithSqrtPriceWhenCollateralIsToken0(uint160 a, uint160 b) public pure {
        a = uint160(bound(a, MIN_SQRT_RATIO, MAX_SQRT_RATIO));
        b = uint160(bound(b, MIN_SQRT_RATIO, MAX_SQRT_RATIO));
        (uint160 low, uint160 high) = a <= b ? (a, b) : (b, a);
        assertLe(PoolPriceMath.collateralPrice(low, true), PoolPriceMath.collateralPrice(high, true));
    }

    function testFuzz_price_decreasesWithSqrtPriceWhenCollateralIsToken1(uint160 a, uint160 b) public pure {
        a = uint160(bound(a, MIN_SQRT_RATIO, MAX_SQRT_RATIO));
        b = uint160(bound(b, MIN_SQRT_RATIO, MAX_SQRT_RATIO));
        (uint160 low, uint160 high) = a <= b ? (a, b) : (b, a);
        assertGe(PoolPriceMath.collateralPrice(low, false), PoolPriceMath.collateralPrice(high, false));
    }

    /// Strictly monotonic at log-uniform points a factor 2 apart (rounding cannot hide a doubling).
    function testFuzz_price_strictlyMonotonicAcrossADoubling(uint256 exponentSeed, uint256 mantissaSeed) public pure {
        uint160 s = _logUniformSqrtPrice(exponentSeed, mantissaSeed, 60, 139);
        uint160 doubled = s * 2;
        assertLt(PoolPriceMath.collateralPrice(s, true), PoolPriceMath.collateralPrice(doubled, true));
        assertGt(PoolPriceMath.collateralPrice(s, false), PoolPriceMath.collateralPrice(doubled, false));
    }

    /// 3000 USDC per WETH with WETH as token0 (18 decimals) and USDC as token1 (6 decimals): the pool
    /// price is 3000e6 / 1e18 raw token1 per raw token0, so `sqrtPriceX96 = sqrt(3e-9) * 2^96`.
    function test_wethToken0At3000Usdc_isAbout3e27() public pure {
        uint160 s = uint160(Math.sqrt(uint256(3000e6) * 2 ** 192 / 1e18));
        // Roughly 4.339e24; pins the orientation of the formula.
        assertApproxEqRel(uint256(s), 4.339e24, 1e15);
        assertApproxEqRel(PoolPriceMath.collateralPrice(s, true), 3e27, 1e6);
    }

    /// The same market with USDC as token0: the pool quotes WETH per USDC, collateral (WETH) is token1.
    function test_wethToken1At3000Usdc_isAbout3e27() public pure {
        uint160 s = uint160(Math.sqrt(uint256(1e18) * 2 ** 192 / 3000e6));
        assertApproxEqRel(PoolPriceMath.collateralPrice(s, false), 3e27, 1e6);
        // And the inverse vault's view of the same pool: one raw USDC in raw WETH, 1e36 scale.
        assertApproxEqRel(PoolPriceMath.collateralPrice(s, true), uint256(1e72) / 3e27, 1e6);
    }
}
