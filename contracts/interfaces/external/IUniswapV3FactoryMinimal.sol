// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The Uniswap v3 factory function a vault factory calls, declared locally (the project ships MIT code only).
interface IUniswapV3FactoryMinimal {
    /// @notice The pool of `tokenA` and `tokenB` (either order) at `fee` (hundredths of a bip), or address(0).
    function getPool(address tokenA, address tokenB, uint24 fee) external view returns (address pool);
}
