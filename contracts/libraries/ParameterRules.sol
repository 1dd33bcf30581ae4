// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {LeverageMath} from "./LeverageMath.sol";
import {LeveragedVaultLayout} from "../vault/LeveragedVaultStorage.sol";

/// @title ParameterRules
/// @notice The hard bounds of a vault's parameters and the rule that tells a risk-reducing change
/// (a guardian may apply it at once) from a risk-increasing one (only the owner, a timelock).
/// @dev An external library: governance runs rarely, and keeping it out of the vault keeps the vault
/// under the contract size limit. Deployed once and linked into every vault.
library ParameterRules {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;

    /// @notice Hard bounds no parameter change can cross.
    uint256 public constant MAX_TARGET_LEVERAGE = 10e18;
    uint256 public constant MAX_SLIPPAGE_BPS = 300;
    uint256 public constant MAX_POOL_DEVIATION_BPS = 300;
    uint256 public constant MAX_EMERGENCY_REWARD_BPS = 100;
    uint256 public constant MAX_COOLDOWN = 1 days;
    uint256 public constant MAX_GRACE_PERIOD = 7 days;
    /// @notice Bounds of a feed's max age, which should be the feed's heartbeat plus an allowance for
    /// the heartbeat round to reach the chain (`FEED_HEARTBEATS` in scripts/vault/vault-parameters.ts).
    /// No push feed beats every minute, so a shorter max age would only close deposits without
    /// saying so (pausing says so). The slowest heartbeats a vault should price with are 24 h
    /// (stablecoins on mainnet, some pairs on rollups); one hour on top covers a late round. An
    /// answer older than that comes from a feed that has stopped.
    uint256 public constant MIN_FEED_AGE = 1 minutes;
    uint256 public constant MAX_FEED_AGE = 1 days + 1 hours;
    uint256 public constant MAX_SEQUENCER_GRACE_PERIOD = 1 days;
    /// @notice The emergency threshold may not exceed this share of the liquidation leverage.
    uint256 public constant MAX_EMERGENCY_TO_LIQUIDATION_BPS = 9_000;

    /// @notice The highest emergency threshold allowed for a market liquidating at `liquidationLeverage`.
    function emergencyCap(uint256 liquidationLeverage) internal pure returns (uint256) {
        return LeverageMath.mulDivDown(liquidationLeverage, MAX_EMERGENCY_TO_LIQUIDATION_BPS, BPS);
    }

    /// @notice Reverts with `ParameterOutOfBounds` naming the first field outside its bounds.
    /// @param liquidationLeverage `1 / (1 - liquidation LTV)` of the vault's market, WAD.
    /// @param borrowLeverage `1 / (1 - borrow LTV)`: the band may not reach where the market stops lending.
    /// @param hasDebtFeed Whether the vault prices its debt with a feed (then its max age is checked).
    function validate(
        ILeveragedVaultTypes.RiskParameters memory risk,
        ILeveragedVaultTypes.OracleParameters memory oracle,
        uint256 liquidationLeverage,
        uint256 borrowLeverage,
        bool hasDebtFeed
    ) external pure {
        uint256 cap = emergencyCap(liquidationLeverage);
        _check("targetLeverage", risk.targetLeverage, WAD, MAX_TARGET_LEVERAGE);
        _check("minLeverage", risk.minLeverage, WAD, risk.targetLeverage);
        _check("maxLeverage", risk.maxLeverage, risk.targetLeverage, Math.min(cap, borrowLeverage - 1));
        _check("emergencyLeverage", risk.emergencyLeverage, uint256(risk.maxLeverage) + 1, cap);
        _check("recenteringSpeedBps", risk.recenteringSpeedBps, 1, BPS);
        _check("maxSlippageBps", risk.maxSlippageBps, 0, MAX_SLIPPAGE_BPS);
        _check("maxPoolDeviationBps", risk.maxPoolDeviationBps, 1, MAX_POOL_DEVIATION_BPS);
        _check("emergencyRewardBps", risk.emergencyRewardBps, 0, MAX_EMERGENCY_REWARD_BPS);
        _check("cooldown", risk.cooldown, 0, MAX_COOLDOWN);
        _check("gracePeriod", risk.gracePeriod, 0, MAX_GRACE_PERIOD);
        _check("maxTradeSize", risk.maxTradeSize, 1, type(uint128).max);
        _check("collateralFeedMaxAge", oracle.collateralFeedMaxAge, MIN_FEED_AGE, MAX_FEED_AGE);
        if (hasDebtFeed) _check("debtFeedMaxAge", oracle.debtFeedMaxAge, MIN_FEED_AGE, MAX_FEED_AGE);
        _check("sequencerGracePeriod", oracle.sequencerGracePeriod, 0, MAX_SEQUENCER_GRACE_PERIOD);
        _check("minPrice", oracle.minPrice, 1, oracle.maxPrice);
        _check("maxPrice", oracle.maxPrice, oracle.minPrice, LeveragedVaultLayout.MAX_PRICE_BOUND);
    }

    /// @notice True when no field of the change adds risk: leverages, slippage, deviation, reward,
    /// trade size, deposit cap, feed ages and the price range do not grow; recentering speed,
    /// cooldown and sequencer grace do not shrink; the grace period before permissionless
    /// rebalancing does not grow.
    function reducesRisk(
        ILeveragedVaultTypes.RiskParameters memory current,
        ILeveragedVaultTypes.OracleParameters memory currentOracle,
        ILeveragedVaultTypes.RiskParameters memory next,
        ILeveragedVaultTypes.OracleParameters memory nextOracle
    ) external pure returns (bool) {
        return next.targetLeverage <= current.targetLeverage && next.minLeverage <= current.minLeverage
            && next.maxLeverage <= current.maxLeverage && next.emergencyLeverage <= current.emergencyLeverage
            && next.recenteringSpeedBps >= current.recenteringSpeedBps && next.maxSlippageBps <= current.maxSlippageBps
            && next.maxPoolDeviationBps <= current.maxPoolDeviationBps
            && next.emergencyRewardBps <= current.emergencyRewardBps && next.cooldown >= current.cooldown
            && next.gracePeriod <= current.gracePeriod && next.maxTradeSize <= current.maxTradeSize
            && next.maxEmergencyReward <= current.maxEmergencyReward && next.depositCap <= current.depositCap
            && nextOracle.collateralFeedMaxAge <= currentOracle.collateralFeedMaxAge
            && nextOracle.debtFeedMaxAge <= currentOracle.debtFeedMaxAge
            && nextOracle.sequencerGracePeriod >= currentOracle.sequencerGracePeriod
            && nextOracle.minPrice >= currentOracle.minPrice && nextOracle.maxPrice <= currentOracle.maxPrice;
    }

    function _check(string memory name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ILeveragedVaultTypes.ParameterOutOfBounds(name, value, min, max);
    }
}
