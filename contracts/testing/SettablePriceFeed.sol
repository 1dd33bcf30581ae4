// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAggregatorV3} from "../interfaces/external/IAggregatorV3.sol";

/// @title SettablePriceFeed
/// @notice A Chainlink-compatible price feed whose answer a test or a local script sets. It is the
/// only stand-in for an oracle network the project allows; never deploy it to a public network.
contract SettablePriceFeed is IAggregatorV3 {
    uint8 public immutable override decimals;
    string public description;

    uint80 public latestRound;
    int256 public latestAnswer;
    uint256 public latestStartedAt;
    uint256 public latestTimestamp;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        setAnswer(initialAnswer);
    }

    /// @notice Publishes a new round with `answer`, stamped with the current block time.
    function setAnswer(int256 answer) public {
        setRoundData(answer, block.timestamp, block.timestamp);
    }

    /// @notice Publishes a new round with explicit timestamps, to simulate stale rounds or a
    /// sequencer status change (`startedAt` is when the status began).
    function setRoundData(int256 answer, uint256 startedAt, uint256 updatedAt) public {
        latestRound += 1;
        latestAnswer = answer;
        latestStartedAt = startedAt;
        latestTimestamp = updatedAt;
        emit AnswerUpdated(answer, latestRound, updatedAt);
    }

    function latestRoundData() external view override returns (uint80, int256, uint256, uint256, uint80) {
        return (latestRound, latestAnswer, latestStartedAt, latestTimestamp, latestRound);
    }
}
