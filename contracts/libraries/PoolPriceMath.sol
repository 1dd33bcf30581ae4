// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PoolPriceMath
/// @notice Reads a Uniswap v3 `sqrtPriceX96` as the price of one raw collateral unit in raw debt
/// units, scaled by 1e36 (the oracle's scale), so the two can be compared.
library PoolPriceMath {
    uint256 private constant Q96 = 2 ** 96;
    uint256 private constant PRICE_SCALE = 1e36;

    /// @notice Swap price limits one step inside Uniswap v3's `MIN_SQRT_RATIO` / `MAX_SQRT_RATIO`:
    /// an exact-output swap with these limits fills completely or reverts for want of liquidity.
    uint160 internal constant MIN_SQRT_PRICE_LIMIT = 4295128739 + 1;
    uint160 internal constant MAX_SQRT_PRICE_LIMIT = 1461446703485210103287273052203988822378723970342 - 1;

    /// @notice The pool's price of collateral in debt, 1e36 scale. `sqrtPriceX96` is token1 per token0.
    function collateralPrice(uint160 sqrtPriceX96, bool collateralIsToken0) internal pure returns (uint256) {
        if (collateralIsToken0) {
            // (sqrtP / 2^96)^2 * 1e36, in two steps so nothing overflows.
            return Math.mulDiv(Math.mulDiv(sqrtPriceX96, sqrtPriceX96, Q96), PRICE_SCALE, Q96);
        }
        // 1e36 / (sqrtP / 2^96)^2
        return Math.mulDiv(Math.mulDiv(PRICE_SCALE, Q96, sqrtPriceX96), Q96, sqrtPriceX96);
    }
}
