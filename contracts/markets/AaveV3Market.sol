// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {
    AaveV3ReserveData,
    IAaveV3PoolMinimal,
    IAaveV3ScaledTokenMinimal
} from "../interfaces/external/IAaveV3PoolMinimal.sol";
import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {AaveV3Capacity} from "./AaveV3Capacity.sol";
import {AaveV3ReserveConfiguration} from "./AaveV3ReserveConfiguration.sol";
import {LendingMarket} from "./LendingMarket.sol";

/// @title AaveV3Market
/// @notice The lending-market hooks for a position on an Aave v3 pool (the v3.0.x code line): the
/// vault supplies its collateral asset and borrows its debt asset at the variable rate.
/// @dev How Aave differs from Morpho Blue, and what these hooks do about it:
/// - Governance (`PoolConfigurator`) can change the LTV, the liquidation threshold and the caps under a
///   live position, so every risk figure is read live from the reserve's configuration bitmap.
/// - A borrow may reach the reserve LTV, which sits below the liquidation threshold (`_ltvs` reads
///   both).
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

    /// @dev Nothing to do: the aToken and debt-token balances grow by Aave's indexes, projected on every read.
    function _accrueInterest() internal override {}

    /// @dev Aave pulls `amount` with `transferFrom`. The first supply of a reserve with a non-zero LTV
    /// turns it on as collateral automatically. Aave checks its supply cap itself; when it refuses and
    /// the room under the cap (or the reserve being frozen or paused) is why, the revert names the room.
    function _supplyCollateral(uint256 amount) internal override {
        try aavePool.supply(_collateralAsset, amount, address(this), NO_REFERRAL) {}
        catch (bytes memory reason) {
            uint256 room = _supplyCapacity();
            if (amount > room) revert ILeveragedVaultTypes.SupplyCapExceeded(amount, room);
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
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

    /// @dev See `AaveV3Capacity.borrowCapacity`.
    function _borrowCapacity() internal view override returns (uint256) {
        return AaveV3Capacity.borrowCapacity(
            address(aavePool), _debtAsset, _debtAToken, address(_debtVariableDebtToken), address(_debtStableDebtToken)
        );
    }

    /// @dev See `AaveV3Capacity.supplyCapacity`.
    function _supplyCapacity() internal view override returns (uint256) {
        return AaveV3Capacity.supplyCapacity(
            address(aavePool), _collateralAsset, address(_collateralAToken), address(_collateralVariableDebtToken)
        );
    }

    /// @dev The collateral reserve's live liquidation threshold and LTV, from one read of its configuration.
    function _ltvs() internal view override returns (uint256 liquidationLtv, uint256 borrowLtv) {
        return AaveV3ReserveConfiguration.ltvs(aavePool.getConfiguration(_collateralAsset));
    }
}
