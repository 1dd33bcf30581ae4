// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {ILeveragedVault} from "../interfaces/ILeveragedVault.sol";
import {IVaultRegistry} from "../interfaces/IVaultRegistry.sol";

/// @title VaultRegistry
/// @notice Every leveraged vault on a chain, listed by the factories its owner approved. See
/// `IVaultRegistry` for the trust model.
contract VaultRegistry is IVaultRegistry, Ownable2Step {
    /// @dev Per vault: its record (`vault` set means listed).
    mapping(address vault => VaultRecord) private _records;
    address[] private _all;
    mapping(bytes32 pairKey => address[]) private _byPair;
    mapping(bytes32 kind => address[]) private _byKind;
    mapping(address factory => bool) private _approvedFactories;

    /// @param owner_ Who approves factories (meant to be a `TimelockController` or a Safe).
    constructor(address owner_) Ownable(owner_) {}

    /* REGISTRATION */

    /// @inheritdoc IVaultRegistry
    function registerVault(VaultCreation calldata creation) external returns (uint256 index) {
        if (!_approvedFactories[msg.sender]) revert FactoryNotApproved(msg.sender);
        address vault = creation.vault;
        if (_records[vault].vault != address(0)) revert VaultAlreadyRegistered(vault);
        if (vault.code.length == 0) revert VaultHasNoCode(vault);

        index = _all.length;
        _records[vault] = VaultRecord({
            vault: vault,
            kind: creation.kind,
            collateralToken: creation.collateralToken,
            debtToken: creation.debtToken,
            factory: msg.sender,
            createdAtBlock: uint64(block.number),
            createdAt: uint64(block.timestamp),
            retired: false
        });
        _all.push(vault);
        _byPair[_pairKey(creation.collateralToken, creation.debtToken)].push(vault);
        _byKind[creation.kind].push(vault);
        emit VaultCreated(
            vault,
            creation.kind,
            msg.sender,
            creation.collateralToken,
            creation.debtToken,
            creation.marketId,
            creation.venue,
            creation.targetLeverage,
            creation.owner,
            creation.automationAdapter,
            index
        );
    }

    /// @inheritdoc IVaultRegistry
    function setFactoryApproval(address factory, bool approved) external onlyOwner {
        if (factory == address(0)) revert ZeroFactory();
        _approvedFactories[factory] = approved;
        emit FactoryApprovalSet(factory, approved);
    }

    /// @inheritdoc IVaultRegistry
    function retireVault(address vault) external {
        VaultRecord storage record = _records[vault];
        if (record.vault == address(0)) revert UnknownVault(vault);
        if (msg.sender != owner() && msg.sender != ILeveragedVault(vault).owner()) revert NotVaultOrRegistryOwner(msg.sender, vault);
        if (record.retired) revert VaultAlreadyRetired(vault);
        if (!ILeveragedVault(vault).windDownActive()) revert VaultNotWoundDown(vault);
        record.retired = true;
        emit VaultRetired(vault, msg.sender);
    }

    /* READS */

    /// @inheritdoc IVaultRegistry
    function isFactoryApproved(address factory) external view returns (bool) {
        return _approvedFactories[factory];
    }

    /// @inheritdoc IVaultRegistry
    function isVault(address account) external view returns (bool) {
        return _records[account].vault != address(0);
    }

    /// @inheritdoc IVaultRegistry
    function vaultRecord(address vault) external view returns (VaultRecord memory record) {
        record = _records[vault];
        if (record.vault == address(0)) revert UnknownVault(vault);
    }

    /// @inheritdoc IVaultRegistry
    function vaultCount() external view returns (uint256) {
        return _all.length;
    }

    /// @inheritdoc IVaultRegistry
    function vaults(uint256 offset, uint256 limit) external view returns (VaultRecord[] memory, uint256) {
        return _page(_all, offset, limit);
    }

    /// @inheritdoc IVaultRegistry
    function vaultCountByPair(address collateralToken, address debtToken) external view returns (uint256) {
        return _byPair[_pairKey(collateralToken, debtToken)].length;
    }

    /// @inheritdoc IVaultRegistry
    function vaultsByPair(address collateralToken, address debtToken, uint256 offset, uint256 limit)
        external
        view
        returns (VaultRecord[] memory, uint256)
    {
        return _page(_byPair[_pairKey(collateralToken, debtToken)], offset, limit);
    }

    /// @inheritdoc IVaultRegistry
    function vaultCountByKind(bytes32 kind) external view returns (uint256) {
        return _byKind[kind].length;
    }

    /// @inheritdoc IVaultRegistry
    function vaultsByKind(bytes32 kind, uint256 offset, uint256 limit) external view returns (VaultRecord[] memory, uint256) {
        return _page(_byKind[kind], offset, limit);
    }

    /* INTERNAL */

    function _page(address[] storage list, uint256 offset, uint256 limit)
        private
        view
        returns (VaultRecord[] memory page, uint256 total)
    {
        total = list.length;
        uint256 count = offset >= total ? 0 : total - offset;
        if (limit < count) count = limit;
        page = new VaultRecord[](count);
        for (uint256 i; i < count; ++i) {
            page[i] = _records[list[offset + i]];
        }
    }

    /// @dev Ordered: collateral first. A long and an inverse vault of the same tokens are two pairs.
    function _pairKey(address collateralToken, address debtToken) private pure returns (bytes32) {
        return keccak256(abi.encode(collateralToken, debtToken));
    }
}
