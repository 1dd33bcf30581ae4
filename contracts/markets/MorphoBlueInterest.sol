// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {
    IMorphoBlueMinimal,
    IMorphoIrmMinimal,
    MorphoMarketParams,
    MorphoMarketState
} from "../interfaces/external/IMorphoBlueMinimal.sol";

/// @title MorphoBlueInterest
/// @notice The interest Morpho Blue's `accrueInterest` would add to a market's borrows now, without
/// changing state: the rate from the IRM's `borrowRateView`, compounded the way Morpho does it (third-order
/// Taylor expansion of `e^(rate * elapsed) - 1`).
/// @dev An external library, linked into every Morpho Blue vault. Only views reach it: a vault's flows
/// accrue the market first (`LendingMarket._accrueInterest`), after which there is nothing to project.
/// Keeping it out of the vault keeps the vault under the contract size limit.
library MorphoBlueInterest {
    /// @notice Interest the borrows of the market `params` on `morpho` owe since its last update, in
    /// loan-token units; 0 when the IRM's view reverts, so a vault's views never revert.
    function projected(address morpho, MorphoMarketParams memory params) external view returns (uint256) {
        MorphoMarketState memory state;
        (
            state.totalSupplyAssets,
            state.totalSupplyShares,
            state.totalBorrowAssets,
            state.totalBorrowShares,
            state.lastUpdate,
            state.fee
        ) = IMorphoBlueMinimal(morpho).market(keccak256(abi.encode(params)));
        uint256 elapsed = block.timestamp - state.lastUpdate;
        if (elapsed == 0 || params.irm == address(0) || state.totalBorrowAssets == 0) return 0;
        try IMorphoIrmMinimal(params.irm).borrowRateView(params, state) returns (uint256 rate) {
            uint256 firstTerm = rate * elapsed;
            uint256 secondTerm = Math.mulDiv(firstTerm, firstTerm, 2e18);
            uint256 thirdTerm = Math.mulDiv(secondTerm, firstTerm, 3e18);
            return Math.mulDiv(state.totalBorrowAssets, firstTerm + secondTerm + thirdTerm, 1e18);
        } catch {
            return 0;
        }
    }
}
