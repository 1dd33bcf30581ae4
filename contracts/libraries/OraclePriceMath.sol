// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title OraclePriceMath
/// @notice Turns two USD-denominated Chainlink answers into the price of one raw collateral unit in
/// raw debt units, scaled by 1e36: the same scale Morpho Blue oracles report.
/// @dev price = baseAnswer / 10^baseFeedDecimals / (quoteAnswer / 10^quoteFeedDecimals)
///              * 10^debtDecimals / 10^collateralDecimals * 1e36
/// All exponents are folded into one `scaleFactor` computed once at construction.
library OraclePriceMath {
    /// @notice Thrown when the decimals make the folded exponent negative or absurdly large.
    error UnsupportedDecimals(uint256 collateralDecimals, uint256 debtDecimals, uint256 baseFeedDecimals, uint256 quoteFeedDecimals);

    /// @notice The 1e36 price scale shared with Morpho Blue.
    uint256 internal constant PRICE_SCALE = 1e36;

    /// @notice 10^(36 + debtDecimals + quoteFeedDecimals - collateralDecimals - baseFeedDecimals).
    /// @param quoteFeedDecimals 0 when the debt token is priced at exactly 1 USD (no quote feed).
    function scaleFactor(uint256 collateralDecimals, uint256 debtDecimals, uint256 baseFeedDecimals, uint256 quoteFeedDecimals)
        internal
        pure
        returns (uint256)
    {
        uint256 up = 36 + debtDecimals + quoteFeedDecimals;
        uint256 down = collateralDecimals + baseFeedDecimals;
        if (down > up || up - down > 70) {
            revert UnsupportedDecimals(collateralDecimals, debtDecimals, baseFeedDecimals, quoteFeedDecimals);
        }
        return 10 ** (up - down);
    }

    /// @notice The 1e36-scaled price from positive feed answers. `quoteAnswer` is 1 without a quote feed.
    function toPrice(uint256 baseAnswer, uint256 quoteAnswer, uint256 scale) internal pure returns (uint256) {
        return baseAnswer * scale / quoteAnswer;
    }
}
