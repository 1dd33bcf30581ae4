// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LendingMarket
/// @notice The seam between the vault core and a lending market. The vault never talks to a lending
/// protocol directly: it calls these hooks. Adding a market (Aave v3 next to Morpho Blue) means one new
/// file that inherits `LeveragedVault` and overrides each hook below.
/// @dev Override these. Every hook acts for the vault's own position (`address(this)`).
abstract contract LendingMarket {
    /// @dev Collateral held and debt owed, in raw token units, with interest projected to this block
    /// without changing state: the same numbers whether or not the market has accrued yet this block.
    /// `debt` must be exactly what `_repay(debt)` would clear. Flows measure equity before and after
    /// with it, so a market that accrues lazily (inside borrow or repay) is measured consistently.
    function _position() internal view virtual returns (uint256 collateral, uint256 debt);

    /// @dev Supplies `amount` collateral the vault holds. The market may pull it with `transferFrom`.
    function _supplyCollateral(uint256 amount) internal virtual;

    /// @dev Withdraws `amount` collateral to `receiver`. Must revert if the position becomes unhealthy.
    function _withdrawCollateral(uint256 amount, address receiver) internal virtual;

    /// @dev Borrows `amount` debt tokens to `receiver`. Must revert if the position becomes unhealthy.
    /// Abuse: a caller that could reach this hook outside a vault flow could drain the position; only
    /// the vault's own flows and its validated swap callback call it.
    function _borrow(uint256 amount, address receiver) internal virtual;

    /// @dev Repays `amount` debt tokens the vault holds; an `amount` at or above `_position()`'s debt
    /// repays it all.
    function _repay(uint256 amount) internal virtual;

    /// @dev Debt tokens the market can lend right now (used by `maxDeposit`, never reverts).
    function _availableLiquidity() internal view virtual returns (uint256);

    /// @dev The market's liquidation loan-to-value, WAD (0.86e18 = 86%).
    function _liquidationLtv() internal view virtual returns (uint256);
}
