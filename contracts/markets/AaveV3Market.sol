// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {
    AaveV3ReserveData,
    IAaveV3PoolMinimal,
    IAaveV3ScaledTokenMinimal
} from "../interfaces/external/IAaveV3PoolMinimal.sol";
import {LendingMarket} from "./LendingMarket.sol";

/// @title AaveV3Market
/// @notice The lending-market hooks for a position on an Aave v3 pool (the v3.0.x code line): the
/// vault supplies its collateral asset and borrows its debt asset at the variable rate.
/// @dev How Aave differs from Morpho Blue, and what these hooks do about it:
/// - Governance (`PoolConfigurator`) can change the LTV, the liquidation threshold and the caps under a
///   live position, so every risk figure is read live from the reserve's configuration bitmap.
/// - A borrow may reach the reserve LTV (`_borrowLtv`), which sits below the liquidation threshold
///   (`_liquidationLtv`).
/// - Supply and borrow caps bound what the market accepts; the capacity views replay Aave's own cap
///   checks with interest projected to this block, so an amount equal to the capacity passes them.
/// - Debt is the variable debt token's balance, which Aave projects to this block with the reserve's
///   normalized debt: exactly what `repay(type(uint256).max)` clears in the same block.
/// - Reverts carry Aave's numeric error codes ("36": collateral cannot cover the new borrow; "35": the
///   health factor would fall below 1; "50"/"51": borrow/supply cap exceeded); the hooks let them bubble.
/// - Assumes the position stays out of efficiency mode and isolation mode, and that the vault's only
///   collateral is the collateral asset: then Aave's health factor is the one this position implies.
abstract contract AaveV3Market is LendingMarket {
    using SafeERC20 for IERC20;

    /// @notice The asset has no reserve on the Aave pool (or both sides are the same asset).
    error AaveReserveNotListed(address asset);

    uint256 private constant VARIABLE_RATE_MODE = 2;
    uint16 private constant NO_REFERRAL = 0;

    /// @dev Aave keeps ratios in basis points (1e4 = 100%); the vault uses WAD (1e18 = 100%).
    uint256 private constant BASIS_POINTS_TO_WAD = 1e14;
    uint256 private constant PERCENTAGE_FACTOR = 1e4;
    uint256 private constant RAY = 1e27;

    /// @dev Fields of Aave's reserve configuration bitmap (ReserveConfiguration, v3.0.x).
    uint256 private constant LTV_BITS = 0;
    uint256 private constant LIQUIDATION_THRESHOLD_BITS = 16;
    uint256 private constant DECIMALS_BITS = 48;
    uint256 private constant ACTIVE_BIT = 56;
    uint256 private constant FROZEN_BIT = 57;
    uint256 private constant BORROWING_ENABLED_BIT = 58;
    uint256 private constant PAUSED_BIT = 60;
    uint256 private constant RESERVE_FACTOR_BITS = 64;
    uint256 private constant BORROW_CAP_BITS = 80;
    uint256 private constant SUPPLY_CAP_BITS = 116;
    uint256 private constant CAP_MASK = (1 << 36) - 1;

    /// @notice The Aave v3 pool (its proxy) the position lives on.
    IAaveV3PoolMinimal public immutable aavePool;

    address private immutable _collateralAsset;
    address private immutable _debtAsset;
    /// @dev The aToken of the collateral reserve: the position's collateral balance.
    IAaveV3ScaledTokenMinimal private immutable _collateralAToken;
    /// @dev The variable debt token of the collateral reserve (others borrow the collateral asset too;
    /// their interest feeds the treasury share that counts against the supply cap).
    IAaveV3ScaledTokenMinimal private immutable _collateralVariableDebtToken;
    /// @dev The aToken of the debt reserve: it holds the reserve's lendable liquidity.
    address private immutable _debtAToken;
    /// @dev The variable debt token of the debt reserve: the position's debt balance.
    IAaveV3ScaledTokenMinimal private immutable _debtVariableDebtToken;
    IAaveV3ScaledTokenMinimal private immutable _debtStableDebtToken;

    /// @param pool The Aave v3 pool proxy (`PoolAddressesProvider.getPool()`).
    /// @param collateralAsset The asset the position supplies; must be listed on `pool`.
    /// @param debtAsset The asset the position borrows; must be listed on `pool`.
    constructor(IAaveV3PoolMinimal pool, IERC20 collateralAsset, IERC20 debtAsset) {
        if (address(collateralAsset) == address(debtAsset)) revert AaveReserveNotListed(address(debtAsset));
        AaveV3ReserveData memory collateralReserve = pool.getReserveData(address(collateralAsset));
        AaveV3ReserveData memory debtReserve = pool.getReserveData(address(debtAsset));
        if (collateralReserve.aTokenAddress == address(0)) revert AaveReserveNotListed(address(collateralAsset));
        if (debtReserve.aTokenAddress == address(0)) revert AaveReserveNotListed(address(debtAsset));

        aavePool = pool;
        _collateralAsset = address(collateralAsset);
        _debtAsset = address(debtAsset);
        _collateralAToken = IAaveV3ScaledTokenMinimal(collateralReserve.aTokenAddress);
        _collateralVariableDebtToken = IAaveV3ScaledTokenMinimal(collateralReserve.variableDebtTokenAddress);
        _debtAToken = debtReserve.aTokenAddress;
        _debtVariableDebtToken = IAaveV3ScaledTokenMinimal(debtReserve.variableDebtTokenAddress);
        _debtStableDebtToken = IAaveV3ScaledTokenMinimal(debtReserve.stableDebtTokenAddress);

        collateralAsset.forceApprove(address(pool), type(uint256).max);
        debtAsset.forceApprove(address(pool), type(uint256).max);
    }

    /* LENDING MARKET HOOKS */

    /// @dev The aToken balance (collateral with supply interest) and the variable debt token balance,
    /// both projected to this block by Aave's normalized indexes without a state change.
    function _position() internal view override returns (uint256 collateral, uint256 debt) {
        return (_collateralAToken.balanceOf(address(this)), _debtVariableDebtToken.balanceOf(address(this)));
    }

    /// @dev Aave pulls `amount` with `transferFrom`. The first supply of a reserve with a non-zero LTV
    /// turns it on as collateral automatically.
    function _supplyCollateral(uint256 amount) internal override {
        aavePool.supply(_collateralAsset, amount, address(this), NO_REFERRAL);
    }

    /// @dev Aave reverts with "35" if the health factor would fall below 1.
    function _withdrawCollateral(uint256 amount, address receiver) internal override {
        aavePool.withdraw(_collateralAsset, amount, receiver);
    }

    /// @dev Aave lends only to the caller, so the borrowed tokens are forwarded to `receiver`. Aave
    /// reverts with "36" above the reserve LTV and "50" above the borrow cap.
    function _borrow(uint256 amount, address receiver) internal override {
        aavePool.borrow(_debtAsset, amount, VARIABLE_RATE_MODE, NO_REFERRAL, address(this));
        if (receiver != address(this)) IERC20(_debtAsset).safeTransfer(receiver, amount);
    }

    /// @dev The whole debt is repaid with `type(uint256).max`, which Aave reads as "all of it" and
    /// pulls exactly the debt accrued to this block.
    function _repay(uint256 amount, bool repayAll) internal override {
        aavePool.repay(_debtAsset, repayAll ? type(uint256).max : amount, VARIABLE_RATE_MODE, address(this));
    }

    /// @dev The debt reserve's liquidity (the underlying its aToken holds), bounded by the room under its
    /// borrow cap; 0 while the reserve is inactive, frozen, paused or not borrowable.
    function _borrowCapacity() internal view override returns (uint256) {
        uint256 configuration = aavePool.getConfiguration(_debtAsset);
        if (!_isOpen(configuration) || !_flag(configuration, BORROWING_ENABLED_BIT)) return 0;
        uint256 liquidity = IERC20(_debtAsset).balanceOf(_debtAToken);
        uint256 cap = (configuration >> BORROW_CAP_BITS) & CAP_MASK;
        if (cap == 0) return liquidity;
        // Aave's check: stable debt + scaled variable debt at the next index + amount <= cap.
        uint256 totalDebt = _debtVariableDebtToken.totalSupply() + _debtStableDebtToken.totalSupply();
        return Math.min(liquidity, _roomUnder(cap, configuration, totalDebt));
    }

    /// @dev The room under the collateral reserve's supply cap (`type(uint256).max` without a cap); 0
    /// while the reserve is inactive, frozen or paused, or when the cap sits below what is supplied.
    function _supplyCapacity() internal view override returns (uint256) {
        uint256 configuration = aavePool.getConfiguration(_collateralAsset);
        if (!_isOpen(configuration)) return 0;
        uint256 cap = (configuration >> SUPPLY_CAP_BITS) & CAP_MASK;
        if (cap == 0) return type(uint256).max;
        return _roomUnder(cap, configuration, _suppliedAfterAccrual(configuration));
    }

    /// @dev The collateral reserve's live liquidation threshold.
    function _liquidationLtv() internal view override returns (uint256) {
        return _ratio(aavePool.getConfiguration(_collateralAsset), LIQUIDATION_THRESHOLD_BITS);
    }

    /// @dev The collateral reserve's live LTV: the highest loan-to-value a borrow may reach.
    function _borrowLtv() internal view override returns (uint256) {
        return _ratio(aavePool.getConfiguration(_collateralAsset), LTV_BITS);
    }

    /* AAVE ARITHMETIC */

    /// @dev What Aave's supply-cap check counts as supplied, once the next state update has run: the
    /// aTokens plus the treasury's share, scaled, times the liquidity index of this block. The update
    /// first credits the treasury its reserve-factor share of the variable interest accrued since the
    /// last update (stable-rate debt, disabled on Aave v3 markets, is left out).
    function _suppliedAfterAccrual(uint256 configuration) private view returns (uint256) {
        AaveV3ReserveData memory reserve = aavePool.getReserveData(_collateralAsset);
        uint256 liquidityIndex = aavePool.getReserveNormalizedIncome(_collateralAsset);
        uint256 treasuryScaled = reserve.accruedToTreasury;
        uint256 reserveFactor = (configuration >> RESERVE_FACTOR_BITS) & 0xFFFF;
        uint256 scaledVariableDebt = _collateralVariableDebtToken.scaledTotalSupply();
        if (reserveFactor != 0 && scaledVariableDebt != 0) {
            uint256 interest = _rayMul(scaledVariableDebt, aavePool.getReserveNormalizedVariableDebt(_collateralAsset))
                - _rayMul(scaledVariableDebt, reserve.variableBorrowIndex);
            uint256 treasuryShare = (interest * reserveFactor + PERCENTAGE_FACTOR / 2) / PERCENTAGE_FACTOR;
            treasuryScaled += _rayDiv(treasuryShare, liquidityIndex);
        }
        return _rayMul(_collateralAToken.scaledTotalSupply() + treasuryScaled, liquidityIndex);
    }

    /// @dev `cap` whole tokens in raw units, less `used`, floored at 0 (governance can set a cap below
    /// what is already supplied or borrowed).
    function _roomUnder(uint256 cap, uint256 configuration, uint256 used) private pure returns (uint256) {
        uint256 limit = cap * 10 ** ((configuration >> DECIMALS_BITS) & 0xFF);
        return limit > used ? limit - used : 0;
    }

    function _isOpen(uint256 configuration) private pure returns (bool) {
        return _flag(configuration, ACTIVE_BIT) && !_flag(configuration, FROZEN_BIT) && !_flag(configuration, PAUSED_BIT);
    }

    function _flag(uint256 configuration, uint256 bit) private pure returns (bool) {
        return (configuration >> bit) & 1 == 1;
    }

    function _ratio(uint256 configuration, uint256 bits) private pure returns (uint256) {
        return ((configuration >> bits) & 0xFFFF) * BASIS_POINTS_TO_WAD;
    }

    /// @dev Aave's ray multiplication and division round half up; the cap checks use them.
    function _rayMul(uint256 a, uint256 b) private pure returns (uint256) {
        return (a * b + RAY / 2) / RAY;
    }

    function _rayDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return (a * RAY + b / 2) / b;
    }
}
