// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAggregatorV3
/// @notice The subset of Chainlink's AggregatorV3Interface that leveraged-vault reads, declared
/// locally so the project ships only MIT code.
interface IAggregatorV3 {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice The latest round. For an L2 sequencer-uptime feed, `answer` is 0 when the sequencer
    /// is up and 1 when it is down, and `startedAt` is when that status began.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
