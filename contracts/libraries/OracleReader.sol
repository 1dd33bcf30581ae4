// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {IAggregatorV3} from "../interfaces/external/IAggregatorV3.sol";
import {LeveragedVaultLayout} from "../vault/LeveragedVaultStorage.sol";
import {OraclePriceMath} from "./OraclePriceMath.sol";

/// @title OracleReader
/// @notice Reads a vault's Chainlink-style feeds into one price (one raw collateral unit in raw debt
/// units, 1e36 scale) and tells whether every check passed: answers positive, each feed fresh, the
/// L2 sequencer up and past its grace period, the price inside the vault's bounds.
/// @dev Internal: the vault runs it inline, on every flow, with no library call. It reads the vault's
/// oracle parameters from the vault's storage (`LeveragedVaultLayout`) itself.
library OracleReader {
    /// @notice The price and whether it is healthy. With `strict`, the first failed check reverts
    /// with its own `ILeveragedVault` error. Without it this never reverts, and the price is 0 unless
    /// the answers can be priced: a zero or negative answer, a reverting feed, or a price outside the
    /// vault's bounds gives 0. A stale answer is still priced, marked unhealthy.
    /// `debtFeed` and `sequencerFeed` may be address(0); `priceScale` is `OraclePriceMath.scaleFactor`
    /// of the vault's tokens and feeds.
    function read(address collateralFeed, address debtFeed, address sequencerFeed, uint256 priceScale, bool strict)
        internal
        view
        returns (uint256 price, bool healthy)
    {
        // The parameters are read field by field, on the stack, with no memory struct: the ages from
        // the state slot, the bounds from their own slot.
        LeveragedVaultLayout.Layout storage $ = LeveragedVaultLayout.get();
        healthy = _sequencerUp(sequencerFeed, $.state.sequencerGracePeriod, strict);
        (uint256 collateralAnswer, bool collateralFresh) = _readFeed(collateralFeed, $.state.collateralFeedMaxAge, strict);
        (uint256 debtAnswer, bool debtFresh) =
            debtFeed == address(0) ? (1, true) : _readFeed(debtFeed, $.state.debtFeedMaxAge, strict);
        if (collateralAnswer == 0 || debtAnswer == 0) return (0, false);

        price = OraclePriceMath.toPrice(collateralAnswer, debtAnswer, priceScale);
        (uint256 minPrice, uint256 maxPrice) = (LeveragedVaultLayout.unpackPrice($.minPrice), LeveragedVaultLayout.unpackPrice($.maxPrice));
        if (price < minPrice || price > maxPrice) {
            if (strict) revert ILeveragedVaultTypes.PriceOutOfBounds(price, minPrice, maxPrice);
            return (0, false);
        }
        healthy = healthy && collateralFresh && debtFresh;
    }

    function _readFeed(address feed, uint256 maxAge, bool strict) private view returns (uint256, bool fresh) {
        (bool answered, int256 answer,, uint256 updatedAt) = _latestRound(feed);
        if (!answered || answer <= 0) {
            if (strict) revert ILeveragedVaultTypes.InvalidFeedAnswer(feed, answer);
            return (0, false);
        }
        fresh = updatedAt <= block.timestamp && block.timestamp - updatedAt <= maxAge;
        if (strict && !fresh) revert ILeveragedVaultTypes.StaleFeed(feed, updatedAt, maxAge, block.timestamp);
        return (uint256(answer), fresh);
    }

    function _sequencerUp(address sequencerFeed, uint256 gracePeriod, bool strict) private view returns (bool) {
        if (sequencerFeed == address(0)) return true;
        (bool answered, int256 status, uint256 startedAt,) = _latestRound(sequencerFeed);
        if (!answered || status != 0) {
            if (strict) revert ILeveragedVaultTypes.SequencerDown(sequencerFeed);
            return false;
        }
        if (block.timestamp < startedAt + gracePeriod) {
            if (strict) revert ILeveragedVaultTypes.SequencerGracePeriod(startedAt, startedAt + gracePeriod);
            return false;
        }
        return true;
    }

    /// @dev A feed's `latestRoundData`, one call site for every feed (the code stays small): `answered`
    /// is false, with the other fields 0, when the call reverts or returns fewer than its five words.
    function _latestRound(address feed) private view returns (bool answered, int256 answer, uint256 startedAt, uint256 updatedAt) {
        bytes4 selector = IAggregatorV3.latestRoundData.selector;
        assembly ("memory-safe") {
            // The five words land in scratch memory past the free pointer; only three are kept.
            let words := mload(0x40)
            mstore(words, selector)
            let ok := staticcall(gas(), feed, words, 4, words, 160)
            answered := and(ok, gt(returndatasize(), 159))
            if answered {
                answer := mload(add(words, 32))
                startedAt := mload(add(words, 64))
                updatedAt := mload(add(words, 96))
            }
        }
    }
}
