// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title AaveV3ReserveConfiguration
/// @notice The loan-to-value fields of an Aave v3 reserve's configuration bitmap (ReserveConfiguration,
/// v3.0.x), as WAD fractions: read by the Aave market hooks and by the Aave vault factory, which
/// validates a new vault's parameters against the same numbers the vault will read.
library AaveV3ReserveConfiguration {
    /// @dev Aave keeps ratios in basis points (1e4 = 100%); the vault uses WAD (1e18 = 100%).
    uint256 private constant BASIS_POINTS_TO_WAD = 1e14;
    uint256 private constant LTV_BITS = 0;
    uint256 private constant LIQUIDATION_THRESHOLD_BITS = 16;

    /// @notice The reserve's liquidation threshold and LTV (WAD) from its `configuration` bitmap.
    function ltvs(uint256 configuration) internal pure returns (uint256 liquidationLtv, uint256 borrowLtv) {
        liquidationLtv = ((configuration >> LIQUIDATION_THRESHOLD_BITS) & 0xFFFF) * BASIS_POINTS_TO_WAD;
        borrowLtv = ((configuration >> LTV_BITS) & 0xFFFF) * BASIS_POINTS_TO_WAD;
    }
}
