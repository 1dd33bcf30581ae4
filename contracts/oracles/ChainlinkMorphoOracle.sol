// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregatorV3} from "../interfaces/external/IAggregatorV3.sol";
import {OraclePriceMath} from "../libraries/OraclePriceMath.sol";

/// @title ChainlinkMorphoOracle
/// @notice A Morpho Blue oracle (`price()`) built from a collateral/USD feed and an optional
/// debt/USD feed. It reports the price of one raw collateral unit in raw loan units, scaled by 1e36.
/// @dev Like Morpho's own Chainlink oracles it does not check staleness: Morpho needs a price at all
/// times to let liquidations happen. The vaults apply their own freshness checks.
contract ChainlinkMorphoOracle {
    /// @notice Thrown when a feed reports zero or a negative answer.
    error NonPositiveAnswer(address feed, int256 answer);

    IAggregatorV3 public immutable baseFeed;
    /// @notice address(0) means the loan token is priced at exactly 1 USD.
    IAggregatorV3 public immutable quoteFeed;
    uint256 public immutable scaleFactor;

    constructor(IAggregatorV3 baseFeed_, IAggregatorV3 quoteFeed_, uint8 collateralDecimals, uint8 loanDecimals) {
        baseFeed = baseFeed_;
        quoteFeed = quoteFeed_;
        uint256 quoteFeedDecimals = address(quoteFeed_) == address(0) ? 0 : quoteFeed_.decimals();
        scaleFactor = OraclePriceMath.scaleFactor(collateralDecimals, loanDecimals, baseFeed_.decimals(), quoteFeedDecimals);
    }

    /// @notice Price of one raw collateral unit in raw loan units, times 1e36.
    function price() external view returns (uint256) {
        uint256 quoteAnswer = address(quoteFeed) == address(0) ? 1 : _answer(quoteFeed);
        return OraclePriceMath.toPrice(_answer(baseFeed), quoteAnswer, scaleFactor);
    }

    function _answer(IAggregatorV3 feed) private view returns (uint256) {
        (, int256 answer,,,) = feed.latestRoundData();
        if (answer <= 0) revert NonPositiveAnswer(address(feed), answer);
        return uint256(answer);
    }
}
