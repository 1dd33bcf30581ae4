// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IMorphoIrmMinimal, MorphoMarketParams, MorphoMarketState} from "../interfaces/external/IMorphoBlueMinimal.sol";

/// @title MorphoBlueInterest
/// @notice The interest Morpho Blue's `accrueInterest` would add to a market's borrows now, without
/// changing state: the rate from the IRM's `borrowRateView`, compounded the way Morpho does it (third-order
/// Taylor expansion of `e^(rate * elapsed) - 1`).
/// @dev An external library, linked into every Morpho Blue vault. Only views reach it: a vault's flows
/// accrue the market first (`LendingMarket._accrueInterest`), after which there is nothing to project.
/// Keeping it out of the vault keeps the vault under the contract size limit.
library MorphoBlueInterest {
    /// @notice Interest the market's borrows owe since `state.lastUpdate`, in loan-token units; 0 when the
    /// IRM's view reverts, so a vault's views never revert.
    function projected(address irm, MorphoMarketParams memory params, MorphoMarketState memory state) external view returns (uint256) {
        uint256 elapsed = block.timestamp - state.lastUpdate;
        if (elapsed == 0 || irm == address(0) || state.totalBorrowAssets == 0) return 0;
        try IMorphoIrmMinimal(irm).borrowRateView(params, state) returns (uint256 rate) {
            uint256 firstTerm = rate * elapsed;
            uint256 secondTerm = Math.mulDiv(firstTerm, firstTerm, 2e18);
            uint256 thirdTerm = Math.mulDiv(secondTerm, firstTerm, 3e18);
            return Math.mulDiv(state.totalBorrowAssets, firstTerm + secondTerm + thirdTerm, 1e18);
        } catch {
            return 0;
        }
    }
}
