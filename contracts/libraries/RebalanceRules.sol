// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";

/// @title RebalanceRules
/// @notice The one rebalance permission rule. The vault enforces it in `rebalance()`; its governance
/// module answers `canRebalance(caller)` with it, and keepers and automation adapters ask that.
library RebalanceRules {
    /// @notice Why `rebalance()` may not run for a caller now (`Eligible`: it may).
    enum Eligibility {
        Eligible,
        NothingDue,
        NotPermitted,
        Cooldown
    }

    /// @notice Something is due, and it is an emergency (anyone may delever), or the caller is a keeper
    /// or rebalancing has become permissionless, and the cooldown has passed.
    function eligibility(ILeveragedVaultTypes.RebalanceStatus memory status, bool callerIsKeeper)
        internal
        view
        returns (Eligibility)
    {
        if (status.action == ILeveragedVaultTypes.RebalanceAction.None) return Eligibility.NothingDue;
        if (status.action == ILeveragedVaultTypes.RebalanceAction.Emergency) return Eligibility.Eligible;
        bool permissionless = status.permissionlessAt != 0 && block.timestamp >= status.permissionlessAt;
        if (!permissionless && !callerIsKeeper) return Eligibility.NotPermitted;
        if (block.timestamp < status.readyAt) return Eligibility.Cooldown;
        return Eligibility.Eligible;
    }

    /// @notice Reports of one out-of-band episode come at most this far apart: half the grace period,
    /// and never less than `MIN_REPORT_INTERVAL`.
    uint256 internal constant MIN_REPORT_INTERVAL = 10 minutes;

    /// @notice When rebalancing becomes permissionless (0: not within this episode). An out-of-band
    /// episode starts at its first report and lasts while reports keep coming at most a report interval
    /// apart (`reportIsCurrent`); outsiders may rebalance from `since + gracePeriod` while the last report
    /// is current. So a report from an earlier episode, after which the vault may have been back in band
    /// unseen, never opens rebalancing to outsiders.
    function permissionlessAt(uint256 since, uint256 lastReportAt, uint256 gracePeriod) internal view returns (uint256) {
        if (since == 0 || !reportIsCurrent(lastReportAt, gracePeriod)) return 0;
        return since + gracePeriod;
    }

    /// @notice Whether the last out-of-band report still speaks for now: at most half a grace period
    /// old, or `MIN_REPORT_INTERVAL` for short grace periods.
    function reportIsCurrent(uint256 lastReportAt, uint256 gracePeriod) internal view returns (bool) {
        uint256 interval = gracePeriod / 2 > MIN_REPORT_INTERVAL ? gracePeriod / 2 : MIN_REPORT_INTERVAL;
        return block.timestamp <= lastReportAt + interval;
    }
}
