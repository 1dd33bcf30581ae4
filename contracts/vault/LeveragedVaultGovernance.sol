// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";

import {ILeveragedVaultCore, ILeveragedVaultGovernance} from "../interfaces/ILeveragedVault.sol";
import {ParameterRules} from "../libraries/ParameterRules.sol";
import {RebalanceRules} from "../libraries/RebalanceRules.sol";
import {LeveragedVaultLayout, LeveragedVaultStorage} from "./LeveragedVaultStorage.sol";

/// @title LeveragedVaultGovernance
/// @notice Parameters, roles, the rebalance permission views and stored-state getters of a leveraged vault. One deployment serves every vault: each vault
/// runs it by DELEGATECALL from its fallback, so it reads and writes the calling vault's storage and
/// its events come from the vault. Called directly, it only touches its own unused storage.
/// @dev Kept out of the vault so the vault keeps room under the contract size limit; nothing here is
/// on a flow's or a rebalance's path. It reads the vault's owner, LTVs and feeds through calls to
/// `address(this)`, which is the vault.
contract LeveragedVaultGovernance is LeveragedVaultStorage, Ownable2StepUpgradeable, ILeveragedVaultGovernance {
    /// @dev The module's own storage is never used: nothing can initialize it.
    constructor() {
        _disableInitializers();
    }

    /// @notice Sets a new vault's owner (OpenZeppelin's two-step ownership, in the vault's namespaced
    /// storage) and validates and sets its first parameters. Only the vault's constructor can call it
    /// (by DELEGATECALL): `initializer` refuses a vault that has finished construction, and the module
    /// itself (its initializers are disabled).
    function initialize(
        address owner,
        RiskParameters calldata risk,
        OracleParameters calldata oracle,
        uint256 liquidationLeverage,
        uint256 borrowLeverage,
        bool hasDebtFeed
    ) external initializer {
        __Ownable_init(owner);
        ParameterRules.validate(risk, oracle, liquidationLeverage, borrowLeverage, hasDebtFeed);
        _setParameters(risk, oracle);
    }

    /* REBALANCE PERMISSION */

    /// @inheritdoc ILeveragedVaultGovernance
    function canRebalance(address caller) external view returns (bool) {
        RebalanceStatus memory status = ILeveragedVaultCore(address(this)).rebalanceStatus();
        return RebalanceRules.eligibility(status, _layout().isKeeper[caller]) == RebalanceRules.Eligibility.Eligible;
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function reportOutOfBand() external {
        RebalanceStatus memory status = ILeveragedVaultCore(address(this)).rebalanceStatus();
        LeveragedVaultLayout.Layout storage $ = _layout();
        uint40 since = $.state.outOfBandSince;
        if (status.action == RebalanceAction.None) {
            if (since != 0) {
                $.state.outOfBandSince = 0;
                emit OutOfBandReported(0);
            }
            return;
        }
        if (since == 0 || !RebalanceRules.reportIsCurrent($.lastOutOfBandReportAt, $.risk.gracePeriod)) {
            $.state.outOfBandSince = uint40(block.timestamp);
            emit OutOfBandReported(block.timestamp);
        }
        $.lastOutOfBandReportAt = uint40(block.timestamp);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function lastOutOfBandReportAt() external view returns (uint256) {
        return _layout().lastOutOfBandReportAt;
    }

    /* OWNERSHIP: OpenZeppelin's two-step ownership, declared in the vault's interface */

    /// @inheritdoc ILeveragedVaultGovernance
    function owner() public view override(OwnableUpgradeable, ILeveragedVaultGovernance) returns (address) {
        return super.owner();
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function pendingOwner() public view override(Ownable2StepUpgradeable, ILeveragedVaultGovernance) returns (address) {
        return super.pendingOwner();
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function transferOwnership(address newOwner)
        public
        override(Ownable2StepUpgradeable, ILeveragedVaultGovernance)
    {
        super.transferOwnership(newOwner);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function acceptOwnership() public override(Ownable2StepUpgradeable, ILeveragedVaultGovernance) {
        super.acceptOwnership();
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function renounceOwnership() public override(OwnableUpgradeable, ILeveragedVaultGovernance) {
        super.renounceOwnership();
    }

    /* GOVERNANCE */

    /// @inheritdoc ILeveragedVaultGovernance
    function updateParameters(RiskParameters calldata risk, OracleParameters calldata oracle) external {
        ILeveragedVaultCore vault = ILeveragedVaultCore(address(this));
        ParameterRules.validate(
            risk, oracle, vault.liquidationLeverage(), vault.borrowLeverage(), address(vault.debtFeed()) != address(0)
        );
        if (msg.sender != owner()) {
            if (!_layout().isGuardian[msg.sender]) revert NotGuardian(msg.sender);
            if (!ParameterRules.reducesRisk(_layout().risk, _oracleParameters(), risk, oracle)) revert RiskIncreaseNotPermitted(msg.sender);
        }
        _setParameters(risk, oracle);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function setDepositsPaused(bool paused) external {
        // Guardians may pause, never resume.
        if (paused) _checkGuardianOrOwner();
        else _checkOwner();
        _layout().state.depositsPaused = paused;
        emit DepositsPausedSet(paused);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function startWindDown() external {
        _checkGuardianOrOwner();
        _layout().state.windDownActive = true;
        _layout().state.iterationAim = 0;
        emit WindDownStarted(msg.sender);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function setKeeper(address account, bool allowed) external {
        _checkOwner();
        _layout().isKeeper[account] = allowed;
        emit KeeperSet(account, allowed);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function setGuardian(address account, bool allowed) external {
        _checkOwner();
        _layout().isGuardian[account] = allowed;
        emit GuardianSet(account, allowed);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function riskParameters() external view returns (RiskParameters memory) {
        return _layout().risk;
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function oracleParameters() external view returns (OracleParameters memory) {
        return _oracleParameters();
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function isKeeper(address account) external view returns (bool) {
        return _layout().isKeeper[account];
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function isGuardian(address account) external view returns (bool) {
        return _layout().isGuardian[account];
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function depositsPaused() external view returns (bool) {
        return _layout().state.depositsPaused;
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function windDownActive() external view returns (bool) {
        return _layout().state.windDownActive;
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function outOfBandSince() external view returns (uint256) {
        return _layout().state.outOfBandSince;
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function lastRebalanceAt() external view returns (uint256) {
        return _layout().state.lastRebalanceAt;
    }

    function _setParameters(RiskParameters calldata risk, OracleParameters calldata oracle) private {
        _layout().risk = risk;
        LeveragedVaultLayout.VaultState memory state = _layout().state;
        state.collateralFeedMaxAge = oracle.collateralFeedMaxAge;
        state.debtFeedMaxAge = oracle.debtFeedMaxAge;
        state.sequencerGracePeriod = oracle.sequencerGracePeriod;
        _layout().state = state;
        // Rounded outward to what the slot holds (see `packPrice`); the event shows the range in force.
        _layout().minPrice = LeveragedVaultLayout.packPrice(oracle.minPrice, false);
        _layout().maxPrice = LeveragedVaultLayout.packPrice(oracle.maxPrice, true);
        emit ParametersUpdated(risk, _oracleParameters());
    }

    function _checkGuardianOrOwner() private view {
        if (!_layout().isGuardian[msg.sender] && msg.sender != owner()) revert NotGuardian(msg.sender);
    }
}
