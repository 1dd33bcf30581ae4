// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {
    AaveV3ReserveData,
    IAaveV3PoolMinimal,
    IAaveV3ScaledTokenMinimal
} from "../interfaces/external/IAaveV3PoolMinimal.sol";

/// @title AaveV3Capacity
/// @notice How much an Aave v3 reserve still accepts: the room under its supply cap and what it can
/// lend under its borrow cap, replaying Aave's own cap checks with interest projected to this block, so
/// that an amount equal to the capacity passes them.
/// @dev An external library, linked into every Aave v3 vault: these views run only where a deposit is
/// sized, and keeping them out of the vault keeps it under the contract size limit.
library AaveV3Capacity {
    /// @dev Fields of Aave's reserve configuration bitmap (ReserveConfiguration, v3.0.x).
    uint256 internal constant DECIMALS_BITS = 48;
    uint256 internal constant ACTIVE_BIT = 56;
    uint256 internal constant FROZEN_BIT = 57;
    uint256 internal constant BORROWING_ENABLED_BIT = 58;
    uint256 internal constant PAUSED_BIT = 60;
    uint256 internal constant RESERVE_FACTOR_BITS = 64;
    uint256 internal constant BORROW_CAP_BITS = 80;
    uint256 internal constant SUPPLY_CAP_BITS = 116;
    uint256 internal constant CAP_MASK = (1 << 36) - 1;

    uint256 private constant PERCENTAGE_FACTOR = 1e4;
    uint256 private constant RAY = 1e27;

    /// @notice The debt reserve's liquidity (the underlying its aToken holds), bounded by the room under
    /// its borrow cap; 0 while the reserve is inactive, frozen, paused or not borrowable.
    /// @dev Addresses rather than interface types keep the library's ABI readable by every ABI parser.
    function borrowCapacity(address pool, address debtAsset, address debtAToken, address variableDebtToken, address stableDebtToken)
        external
        view
        returns (uint256)
    {
        uint256 configuration = IAaveV3PoolMinimal(pool).getConfiguration(debtAsset);
        if (!_isOpen(configuration) || !_flag(configuration, BORROWING_ENABLED_BIT)) return 0;
        uint256 liquidity = IERC20(debtAsset).balanceOf(debtAToken);
        uint256 cap = (configuration >> BORROW_CAP_BITS) & CAP_MASK;
        if (cap == 0) return liquidity;
        // Aave's check: stable debt + scaled variable debt at the next index + amount <= cap.
        uint256 totalDebt = IERC20(variableDebtToken).totalSupply() + IERC20(stableDebtToken).totalSupply();
        return Math.min(liquidity, _roomUnder(cap, configuration, totalDebt));
    }

    /// @notice The room under the collateral reserve's supply cap (`type(uint256).max` without a cap); 0
    /// while the reserve is inactive, frozen or paused, or when the cap sits below what is supplied.
    function supplyCapacity(address pool, address collateralAsset, address aToken, address variableDebtToken)
        external
        view
        returns (uint256)
    {
        uint256 configuration = IAaveV3PoolMinimal(pool).getConfiguration(collateralAsset);
        if (!_isOpen(configuration)) return 0;
        uint256 cap = (configuration >> SUPPLY_CAP_BITS) & CAP_MASK;
        if (cap == 0) return type(uint256).max;
        uint256 supplied = _suppliedAfterAccrual(
            IAaveV3PoolMinimal(pool),
            collateralAsset,
            IAaveV3ScaledTokenMinimal(aToken),
            IAaveV3ScaledTokenMinimal(variableDebtToken),
            configuration
        );
        return _roomUnder(cap, configuration, supplied);
    }

    /// @dev What Aave's supply-cap check counts as supplied, once the next state update has run: the
    /// aTokens plus the treasury's share, scaled, times the liquidity index of this block. The update
    /// first credits the treasury its reserve-factor share of the variable interest accrued since the
    /// last update (stable-rate debt, disabled on Aave v3 markets, is left out).
    function _suppliedAfterAccrual(
        IAaveV3PoolMinimal pool,
        address asset,
        IAaveV3ScaledTokenMinimal aToken,
        IAaveV3ScaledTokenMinimal variableDebtToken,
        uint256 configuration
    ) private view returns (uint256) {
        AaveV3ReserveData memory reserve = pool.getReserveData(asset);
        uint256 liquidityIndex = pool.getReserveNormalizedIncome(asset);
        uint256 treasuryScaled = reserve.accruedToTreasury;
        uint256 reserveFactor = (configuration >> RESERVE_FACTOR_BITS) & 0xFFFF;
        uint256 scaledVariableDebt = variableDebtToken.scaledTotalSupply();
        if (reserveFactor != 0 && scaledVariableDebt != 0) {
            uint256 interest = _rayMul(scaledVariableDebt, pool.getReserveNormalizedVariableDebt(asset))
                - _rayMul(scaledVariableDebt, reserve.variableBorrowIndex);
            uint256 treasuryShare = (interest * reserveFactor + PERCENTAGE_FACTOR / 2) / PERCENTAGE_FACTOR;
            treasuryScaled += _rayDiv(treasuryShare, liquidityIndex);
        }
        return _rayMul(aToken.scaledTotalSupply() + treasuryScaled, liquidityIndex);
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

    /// @dev Aave's ray multiplication and division round half up; the cap checks use them.
    function _rayMul(uint256 a, uint256 b) private pure returns (uint256) {
        return (a * b + RAY / 2) / RAY;
    }

    function _rayDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return (a * RAY + b / 2) / b;
    }
}
