// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SwapVenue
/// @notice The seam between the vault core and the place it trades collateral against debt. The core
/// never talks to a DEX directly: it calls these hooks, and the venue calls `_settleSwap` back in the
/// middle of each swap. A venue is one abstract contract that implements them (`UniswapV3Venue`)
/// and takes in its constructor what it needs.
/// @dev Override the first six; the core implements `_settleSwap`.
abstract contract SwapVenue {
    /// @dev Swaps for exactly `amountOut` of the token bought (collateral when `buyCollateral`, debt
    /// otherwise), delivered to the vault before `_settleSwap` runs. The venue calls
    /// `_settleSwap(buyCollateral, amountIn, amountOut, payee, data)` exactly once during the swap;
    /// after it returns, `payee` must hold the `amountIn` owed. Returns `amountIn`. Must revert unless
    /// exactly `amountOut` arrived. Abuse: the venue's callback entry point must accept only its own
    /// pool, and only while this call is in flight.
    function _swapExactOutput(bool buyCollateral, uint256 amountOut, bytes memory data) internal virtual returns (uint256 amountIn);

    /// @dev The venue's fee as a WAD fraction of the amount paid in (a 0.05% pool is 5e14): the cost
    /// flows anticipate when sizing their trade, so the trade leaves leverage where it was.
    function _venueFee() internal view virtual returns (uint256);

    /// @dev The venue's current marginal price of one raw collateral unit in raw debt units, 1e36 scale
    /// (the oracle's). The core refuses to trade when it is too far from the oracle. Must never revert.
    function _venuePrice() internal view virtual returns (uint256);

    /// @dev How deep the venue is at `price` (1e36 scale, the oracle's): the collateral side of the
    /// constant-product reserves that would price trades like it does (the debt side is that times the
    /// price). The core models every trade's impact with it (`LeverageMath.venueAmountIn`), so a trade's
    /// bound is its fee plus its own impact, not a flat percentage. Must never revert.
    function _venueDepth(uint256 price) internal view virtual returns (uint256);

    /// @dev The venue's own time-weighted price (same scale as `_venuePrice`), the vault's price when
    /// its feeds fail: it must be costly to move within a block. Must never revert; a venue that cannot
    /// tell returns its current price.
    function _venueMeanPrice() internal view virtual returns (uint256);

    /// @dev The address the vault trades with (for a pool venue, the pool), for `swapVenue()`.
    function _venueAddress() internal view virtual returns (address);

    /// @dev Called by the venue during `_swapExactOutput`: do the lending-market legs and make sure
    /// `payee` holds `amountIn`.
    function _settleSwap(bool buyCollateral, uint256 amountIn, uint256 amountOut, address payee, bytes memory data) internal virtual;
}
