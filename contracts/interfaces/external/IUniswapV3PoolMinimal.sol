// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The few Uniswap v3 pool functions the vault calls, declared locally (the project ships MIT code only).
interface IUniswapV3PoolMinimal {
    function token0() external view returns (address);
    function token1() external view returns (address);
    function fee() external view returns (uint24);

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

    /// @dev A negative `amountSpecified` asks for an exact output. The pool sends the output first,
    /// then calls `uniswapV3SwapCallback` on the caller, which must pay the input.
    function swap(address recipient, bool zeroForOne, int256 amountSpecified, uint160 sqrtPriceLimitX96, bytes calldata data)
        external
        returns (int256 amount0, int256 amount1);
}
