// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ILeveragedVault, ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {IVaultAutomationAdapterDeployer} from "../interfaces/ILeveragedVaultFactory.sol";

/// @title VaultAutomationAdapter
/// @notice Chainlink Automation's `checkUpkeep`/`performUpkeep` for one vault. Register this adapter
/// as a conditional upkeep, make it a keeper of the vault, and set the upkeep's forwarder here. A vault
/// factory deploys it (`createVault` with an adapter, which makes it a keeper at once, or
/// `createAutomationAdapter` for a vault that has none).
/// @dev The adapter holds no rule of its own: `checkUpkeep` asks the vault's `canRebalance(this)`,
/// and `performUpkeep` calls `rebalance()`, which re-validates everything. Only the forwarder may
/// perform, so a griefer cannot spend the upkeep's balance or front-run the network with it.
/// Emergency rewards the vault pays the adapter stay here until the owner withdraws them.
contract VaultAutomationAdapter is Ownable2Step {
    using SafeERC20 for IERC20;

    /// @notice The vault this adapter keeps in band.
    ILeveragedVault public immutable vault;
    /// @notice The upkeep's forwarder, the only caller of `performUpkeep` (0: none yet).
    address public forwarder;

    /// @notice The forwarder allowed to call `performUpkeep` changed.
    event ForwarderSet(address forwarder);
    /// @notice `performUpkeep` came from `caller`, not the upkeep's `forwarder`.
    error NotForwarder(address caller, address forwarder);

    /// @dev Takes its vault and owner from its deployer (`IVaultAutomationAdapterDeployer`, a vault
    /// factory), the way Uniswap v3 pools take their parameters: the creation code has no arguments, so
    /// the adapter's CREATE2 address does not depend on the vault's, and a factory can make the adapter a
    /// keeper in the vault's own constructor.
    constructor() Ownable(_deployerParameters().owner) {
        vault = ILeveragedVault(_deployerParameters().vault);
    }

    function _deployerParameters() private view returns (IVaultAutomationAdapterDeployer.AdapterParameters memory) {
        return IVaultAutomationAdapterDeployer(msg.sender).automationAdapterParameters();
    }

    /// @notice Chainlink Automation: whether the vault lets this adapter rebalance now.
    /// @return upkeepNeeded `vault.canRebalance(address(this))`.
    /// @return performData Empty: `performUpkeep` re-reads everything on-chain.
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        return (vault.canRebalance(address(this)), "");
    }

    /// @notice Chainlink Automation: runs `vault.rebalance()`, for the upkeep's forwarder only.
    /// @dev Reverts with `NotForwarder` for anyone else, and with the vault's own errors when the
    /// rebalance is no longer due or its checks fail.
    function performUpkeep(bytes calldata) external {
        address allowed = forwarder;
        if (msg.sender != allowed || allowed == address(0)) revert NotForwarder(msg.sender, allowed);
        vault.rebalance();
    }

    /// @notice Sets the upkeep's forwarder (owner): read it from the registry after registering.
    function setForwarder(address forwarder_) external onlyOwner {
        forwarder = forwarder_;
        emit ForwarderSet(forwarder_);
    }

    /// @notice Sends `amount` of `token` held here (emergency rewards) to `to` (owner).
    function withdrawToken(IERC20 token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
    }
}
