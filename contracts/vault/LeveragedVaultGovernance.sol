// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {ILeveragedVaultCore, ILeveragedVaultGovernance} from "../interfaces/ILeveragedVault.sol";
import {ParameterRules} from "../libraries/ParameterRules.sol";
import {LeveragedVaultStorage} from "./LeveragedVaultStorage.sol";

/// @title LeveragedVaultGovernance
/// @notice Parameters, roles and stored-state getters of a leveraged vault. One deployment serves every vault: each vault
/// runs it by DELEGATECALL from its fallback, so it reads and writes the calling vault's storage and
/// its events come from the vault. Called directly, it only touches its own unused storage.
/// @dev Kept out of the vault so the vault keeps room under the contract size limit; nothing here is
/// on a flow's or a rebalance's path. It reads the vault's owner, LTVs and feeds through calls to
/// `address(this)`, which is the vault.
contract LeveragedVaultGovernance is LeveragedVaultStorage, ILeveragedVaultGovernance {
    /// @notice Validates and sets a new vault's first parameters. Only the vault's constructor can
    /// call it (by DELEGATECALL, while the vault has no code yet).
    function initializeParameters(
        RiskParameters calldata risk,
        OracleParameters calldata oracle,
        uint256 liquidationLeverage,
        uint256 borrowLeverage,
        bool hasDebtFeed
    ) external {
        if (address(this).code.length != 0) revert InvalidConfiguration("initializeParameters runs only in a vault's constructor");
        ParameterRules.validate(risk, oracle, liquidationLeverage, borrowLeverage, hasDebtFeed);
        _setParameters(risk, oracle);
    }

    /// @inheritdoc ILeveragedVaultGovernance
    function updateParameters(RiskParameters calldata risk, OracleParameters calldata oracle) external {
        ILeveragedVaultCore vault = ILeveragedVaultCore(address(this));
        ParameterRules.validate(
            risk, oracle, vault.liquidationLeverage(), vault.borrowLeverage(), address(vault.debtFeed()) != address(0)
        );
        if (msg.sender != _owner()) {
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
    function lastHealthyPrice() external view returns (uint256) {
        return _layout().lastHealthyPrice;
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
        VaultState memory state = _layout().state;
        state.collateralFeedMaxAge = oracle.collateralFeedMaxAge;
        state.debtFeedMaxAge = oracle.debtFeedMaxAge;
        state.sequencerGracePeriod = oracle.sequencerGracePeriod;
        _layout().state = state;
        _layout().minPrice = oracle.minPrice;
        _layout().maxPrice = oracle.maxPrice;
        emit ParametersUpdated(risk, oracle);
    }

    function _owner() private view returns (address) {
        return Ownable(address(this)).owner();
    }

    function _checkOwner() private view {
        if (msg.sender != _owner()) revert Ownable.OwnableUnauthorizedAccount(msg.sender);
    }

    function _checkGuardianOrOwner() private view {
        if (!_layout().isGuardian[msg.sender] && msg.sender != _owner()) revert NotGuardian(msg.sender);
    }
}
