// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TickMath} from "@uniswap/v4-core/src/libraries/TickMath.sol";

import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {PoolPriceMath} from "../libraries/PoolPriceMath.sol";

/// @title UniswapV3MeanPrice
/// @notice A Uniswap v3 pool's time-weighted price, from the pool's own observations: the geometric
/// mean of its price (the mean tick), as one raw collateral unit in raw debt units, 1e36 scale. Moving
/// it by x% takes holding the pool x% away from the market for the whole window.
/// @dev An external library, linked into every Uniswap v3 vault: it runs only when the vault's feeds
/// fail, and keeping Uniswap's tick math out of the vault keeps the vault under the size limit.
library UniswapV3MeanPrice {
    /// @notice The mean price over the last `window` seconds, or over all the pool remembers when its
    /// observations do not reach back that far; the pool's current price when it remembers nothing
    /// before this block. Never reverts.
    /// @dev A pool keeps as many observations as its cardinality (`increaseObservationCardinalityNext`),
    /// one per block with a swap; with a single one, the window reaches back to its last swap.
    function read(address pool, uint32 window, bool collateralIsToken0) external view returns (uint256) {
        (uint32 span, uint160 sqrtPriceX96) = _span(IUniswapV3PoolMinimal(pool), window);
        if (span == 0) return PoolPriceMath.collateralPrice(sqrtPriceX96, collateralIsToken0);
        uint32[] memory secondsAgos = new uint32[](2);
        secondsAgos[0] = span;
        try IUniswapV3PoolMinimal(pool).observe(secondsAgos) returns (int56[] memory tickCumulatives, uint160[] memory) {
            int56 elapsed = int56(uint56(span));
            int56 delta = tickCumulatives[1] - tickCumulatives[0];
            int56 meanTick = delta / elapsed;
            // Round toward negative infinity, as Uniswap's own oracle library does.
            if (delta < 0 && delta % elapsed != 0) meanTick--;
            return PoolPriceMath.collateralPrice(TickMath.getSqrtPriceAtTick(int24(meanTick)), collateralIsToken0);
        } catch {
            return PoolPriceMath.collateralPrice(sqrtPriceX96, collateralIsToken0);
        }
    }

    /// @dev `window`, or the age of the pool's oldest observation when that is younger; and the pool's
    /// current price.
    function _span(IUniswapV3PoolMinimal pool, uint32 window) private view returns (uint32, uint160 sqrtPriceX96) {
        uint16 index;
        uint16 cardinality;
        (sqrtPriceX96,, index, cardinality,,,) = pool.slot0();
        if (cardinality == 0) return (0, sqrtPriceX96);
        // The oldest observation is the one after the newest in the ring, once the ring has filled.
        (uint32 oldest,,, bool initialized) = pool.observations((uint256(index) + 1) % cardinality);
        if (!initialized) (oldest,,,) = pool.observations(0);
        uint32 age = uint32(block.timestamp) - oldest;
        return (age < window ? age : window, sqrtPriceX96);
    }
}
