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
/// @dev An external library, linked into every vault, to keep the vault under the size limit. It runs
/// by DELEGATECALL, so it reads the vault's oracle parameters from the vault's storage
/// (`LeveragedVaultLayout`) itself.
library OracleReader {
    /// @notice A vault's feeds. `debtFeed` and `sequencerFeed` may be address(0).
    struct Feeds {
        address collateralFeed;
        address debtFeed;
        address sequencerFeed;
        /// @dev `OraclePriceMath.scaleFactor` of the vault's tokens and feeds.
        uint256 priceScale;
    }

    /// @notice The price and whether it is healthy. With `strict`, the first failed check reverts
    /// with its own `ILeveragedVault` error. Without it this never reverts, and the price is 0 unless
    /// the answers can be priced: a zero or negative answer, a reverting feed, or a price outside the
    /// vault's bounds gives 0. A stale answer is still priced, marked unhealthy.
    function read(Feeds memory feeds, bool strict) external view returns (uint256 price, bool healthy) {
        ILeveragedVaultTypes.OracleParameters memory oracle = LeveragedVaultLayout.oracleParameters(LeveragedVaultLayout.get());
        healthy = _sequencerUp(IAggregatorV3(feeds.sequencerFeed), oracle.sequencerGracePeriod, strict);
        (uint256 collateralAnswer, bool collateralFresh) =
            _readFeed(IAggregatorV3(feeds.collateralFeed), oracle.collateralFeedMaxAge, strict);
        (uint256 debtAnswer, bool debtFresh) = address(feeds.debtFeed) == address(0)
            ? (1, true)
            : _readFeed(IAggregatorV3(feeds.debtFeed), oracle.debtFeedMaxAge, strict);
        if (collateralAnswer == 0 || debtAnswer == 0) return (0, false);

        price = OraclePriceMath.toPrice(collateralAnswer, debtAnswer, feeds.priceScale);
        if (price < oracle.minPrice || price > oracle.maxPrice) {
            if (strict) revert ILeveragedVaultTypes.PriceOutOfBounds(price, oracle.minPrice, oracle.maxPrice);
            return (0, false);
        }
        healthy = healthy && collateralFresh && debtFresh;
    }

    function _readFeed(IAggregatorV3 feed, uint256 maxAge, bool strict) private view returns (uint256 answer, bool fresh) {
        try feed.latestRoundData() returns (uint80, int256 signedAnswer, uint256, uint256 updatedAt, uint80) {
            if (signedAnswer <= 0) {
                if (strict) revert ILeveragedVaultTypes.InvalidFeedAnswer(address(feed), signedAnswer);
                return (0, false);
            }
            fresh = updatedAt <= block.timestamp && block.timestamp - updatedAt <= maxAge;
            if (strict && !fresh) revert ILeveragedVaultTypes.StaleFeed(address(feed), updatedAt, maxAge, block.timestamp);
            return (uint256(signedAnswer), fresh);
        } catch {
            if (strict) revert ILeveragedVaultTypes.InvalidFeedAnswer(address(feed), 0);
            return (0, false);
        }
    }

    function _sequencerUp(IAggregatorV3 sequencerFeed, uint256 gracePeriod, bool strict) private view returns (bool) {
        if (address(sequencerFeed) == address(0)) return true;
        try sequencerFeed.latestRoundData() returns (uint80, int256 status, uint256 startedAt, uint256, uint80) {
            if (status != 0) {
                if (strict) revert ILeveragedVaultTypes.SequencerDown(address(sequencerFeed));
                return false;
            }
            if (block.timestamp < startedAt + gracePeriod) {
                if (strict) revert ILeveragedVaultTypes.SequencerGracePeriod(startedAt, startedAt + gracePeriod);
                return false;
            }
            return true;
        } catch {
            if (strict) revert ILeveragedVaultTypes.SequencerDown(address(sequencerFeed));
            return false;
        }
    }
}
