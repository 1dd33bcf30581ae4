// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LendingMarket
/// @notice The seam between the vault core and a lending market. The core never talks to a lending
/// protocol directly: it calls these hooks. A market is one abstract contract that implements them
/// (`MorphoBlueMarket`, next to it `AaveV3Market`) and takes in its constructor what it needs, so a
/// concrete vault cannot be built without it.
/// @dev Override these. Every hook acts for the vault's own position (`address(this)`). The core
/// calls the mutating hooks only from its own flows and from its validated swap settlement; an
/// implementation must never expose them.
abstract contract LendingMarket {
    /// @dev Collateral held and debt owed, in raw token units, with interest projected to this block
    /// without changing state: the same numbers whether or not the market has accrued yet this block.
    /// `debt` must be exactly what `_repay(debt, true)` clears. Must never revert.
    function _position() internal view virtual returns (uint256 collateral, uint256 debt);

    /// @dev Brings the market's interest up to this block. Every flow calls it before reading the
    /// position, so `_position()` then has nothing to project (a market that accrues lazily, like
    /// Morpho Blue, would accrue inside the flow's borrow or repay anyway). A market whose balances
    /// accrue by index needs nothing here.
    function _accrueInterest() internal virtual;

    /// @dev Supplies `amount` collateral the vault holds. The market may pull it with `transferFrom`.
    /// Must revert `SupplyCapExceeded(amount, _supplyCapacity())` when the market refuses it for want of
    /// room: flows do not check the room first (`maxDeposit` does).
    function _supplyCollateral(uint256 amount) internal virtual;

    /// @dev Withdraws `amount` collateral to `receiver`. Must revert if the position becomes unhealthy.
    function _withdrawCollateral(uint256 amount, address receiver) internal virtual;

    /// @dev Borrows `amount` debt tokens and delivers them to `receiver` (the vault itself, or the swap
    /// venue that is owed them). A market that can only lend to its caller (Aave v3) borrows to the
    /// vault and forwards the tokens. Must revert if the position would become unhealthy.
    /// Abuse: a caller that could reach this hook outside a vault flow could drain the position.
    function _borrow(uint256 amount, address receiver) internal virtual;

    /// @dev Repays `amount` debt tokens the vault holds. `repayAll` says the caller knows `amount` is
    /// the whole debt from `_position()` in this block, so the market may clear it by shares without
    /// reading the position again.
    function _repay(uint256 amount, bool repayAll) internal virtual;

    /// @dev Debt tokens the market can lend the vault right now: free liquidity, less any borrow-cap
    /// room already used. Read by `maxDeposit`; must never revert.
    function _borrowCapacity() internal view virtual returns (uint256);

    /// @dev Collateral the market accepts from the vault right now (supply-cap room;
    /// `type(uint256).max` without a cap). Read by `maxDeposit`; must never revert.
    function _supplyCapacity() internal view virtual returns (uint256);

    /// @dev The market's two loan-to-value limits, WAD (0.86e18 = 86%), read live: on markets whose
    /// governance can change them (Aave v3) the vault follows. `liquidationLtv`: where the market
    /// liquidates the position. `borrowLtv`: the highest a borrow may reach, Aave v3's reserve LTV,
    /// which sits below its liquidation threshold; Morpho Blue's LLTV for both. Must never revert.
    function _ltvs() internal view virtual returns (uint256 liquidationLtv, uint256 borrowLtv);
}
