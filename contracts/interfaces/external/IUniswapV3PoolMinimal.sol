// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The few Uniswap v3 pool functions the vault calls, declared locally (the project ships MIT code only).
interface IUniswapV3PoolMinimal {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function fee() external view returns (uint24);

    /// @notice The pool's liquidity in the current tick range.
    function liquidity() external view returns (uint128);

    function slot0()
        external
        view
        returns (
            uint160 sqrtPriceX96,
            int24 tick,
            uint16 observationIndex,
            uint16 observationCardinality,
            uint16 observationCardinalityNext,
            uint8 feeProtocol,
            bool unlocked
        );

    /// @notice Cumulative tick and seconds-per-liquidity values as of each `secondsAgos` from now.
    function observe(uint32[] calldata secondsAgos)
        external
        view
        returns (int56[] memory tickCumulatives, uint160[] memory secondsPerLiquidityCumulativeX128s);

    /// @notice One slot of the pool's ring buffer of observations.
    function observations(uint256 index)
        external
        view
        returns (uint32 blockTimestamp, int56 tickCumulative, uint160 secondsPerLiquidityCumulativeX128, bool initialized);

    /// @dev A negative `amountSpecified` asks for an exact output. The pool sends the output first,
    /// then calls `uniswapV3SwapCallback` on the caller, which must pay the input.
    function swap(address recipient, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96, bytes calldata data)
        external
        returns (int256 amount0, int256 amount1);
}
