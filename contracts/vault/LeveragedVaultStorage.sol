// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";

/// @title LeveragedVaultLayout
/// @notice Where a vault keeps its own state: read by the vault, by its governance module (which runs
/// by DELEGATECALL in the vault's storage) and by the `OracleReader` library (also DELEGATECALL).
/// @dev ERC-7201 namespaced storage: the state lives at a fixed slot, so every party agrees on it
/// whatever else it inherits. Add new fields only at the end of `Layout`.
library LeveragedVaultLayout {
    /// @dev The vault's mutable state besides parameters, packed in one slot so a flow reads it once.
    struct VaultState {
        uint32 collateralFeedMaxAge;
        uint32 debtFeedMaxAge;
        uint32 sequencerGracePeriod;
        uint40 lastRebalanceAt;
        uint40 outOfBandSince;
        /// @dev Aim of an iterated rebalance in progress (0: none).
        uint64 iterationAim;
        bool depositsPaused;
        bool windDownActive;
    }

    /// @custom:storage-location erc7201:leveraged-vault.storage.LeveragedVault
    struct Layout {
        ILeveragedVaultTypes.RiskParameters risk;
        VaultState state;
        /// @dev The price bounds, each packed by `packPrice`: one slot for both.
        uint128 minPrice;
        uint128 maxPrice;
        mapping(address account => bool) isKeeper;
        mapping(address account => bool) isGuardian;
        /// @dev When the last out-of-band report was made (see `RebalanceRules.permissionlessAt`).
        uint40 lastOutOfBandReportAt;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("leveraged-vault.storage.LeveragedVault")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant LAYOUT_SLOT = 0x5318d826a52e3b55d154d5f131672477f35c4089552bd6da693c73fbde756c00;

    function get() internal pure returns (Layout storage $) {
        assembly ("memory-safe") {
            $.slot := LAYOUT_SLOT
        }
    }

    /// @notice The highest price bound that packs exactly: 120 significant bits, all at the top.
    uint256 internal constant MAX_PRICE_BOUND = (2 ** 120 - 1) << 136;

    /// @dev A price bound in 128 bits, so both bounds share one slot: `mantissa << exponent`, with the
    /// mantissa's 120 bits above the exponent's 8. A bound with more significant bits loses its lowest
    /// ones, rounded outward (`roundUp` for a maximum), so the range in force is never narrower than
    /// the one set; every bound under 2^120 packs exactly. `value` must not exceed `MAX_PRICE_BOUND`.
    function packPrice(uint256 value, bool roundUp) internal pure returns (uint128) {
        uint256 exponent = value >> 120 == 0 ? 0 : Math.log2(value) - 119;
        uint256 mantissa = value >> exponent;
        if (roundUp && mantissa << exponent != value) {
            mantissa++;
            // A carry into bit 120 leaves a power of two: one bit less of mantissa, one more of exponent.
            if (mantissa >> 120 != 0) (mantissa, exponent) = (mantissa >> 1, exponent + 1);
        }
        return uint128(mantissa << 8 | exponent);
    }

    /// @dev The bound `packPrice` packed.
    function unpackPrice(uint128 packed) internal pure returns (uint256) {
        return uint256(packed >> 8) << (packed & 0xff);
    }

    /// @dev The oracle parameters in force, rebuilt from where they are stored (ages in the state slot).
    function oracleParameters(Layout storage $) internal view returns (ILeveragedVaultTypes.OracleParameters memory) {
        VaultState memory state = $.state;
        return ILeveragedVaultTypes.OracleParameters(
            state.collateralFeedMaxAge,
            state.debtFeedMaxAge,
            state.sequencerGracePeriod,
            unpackPrice($.minPrice),
            unpackPrice($.maxPrice)
        );
    }
}

/// @title LeveragedVaultStorage
/// @notice The vault's own state (`LeveragedVaultLayout`), shared by the vault and its governance module.
abstract contract LeveragedVaultStorage is ILeveragedVaultTypes {
    function _layout() internal pure returns (LeveragedVaultLayout.Layout storage) {
        return LeveragedVaultLayout.get();
    }

    /// @dev The oracle parameters in force.
    function _oracleParameters() internal view returns (OracleParameters memory) {
        return LeveragedVaultLayout.oracleParameters(_layout());
    }
}
