// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IVaultRegistry
/// @notice The list of every leveraged vault on a chain: what keepers, dApps, indexers and aggregators
/// start from. One registry serves every factory on the chain.
/// @dev Trust model:
/// - Only factories the registry's owner approved can register, and a factory registers only vaults it
///   has just deployed from its own creation code. An EOA, an unapproved factory, or a contract that
///   merely answers like a vault cannot get into the list.
/// - A listing says "this vault was made by an approved factory", not "this vault is safe": a vault's
///   owner (its timelock) and its feeds are its operator's choice. Integrators show both.
/// - Nothing is ever removed. A vault that was wound down can be marked retired, and it stays listed
///   (and `isVault`) with the flag, so an indexer's history and a holder's exit never lose it.
/// - Revoking a factory stops new registrations from it; its vaults stay listed.
/// An attacker can create vaults through an approved factory with any valid parameters (the factories
/// are permissionless), so listings by pair or kind may contain vaults with unattractive parameters or
/// owners; filter by owner or by an allow list where that matters.
interface IVaultRegistry {
    /// @notice What a factory registers about a vault it created: every field an indexer or a dApp needs.
    /// @param vault The vault.
    /// @param kind The lending market × swap venue kind, as a short string in a bytes32
    /// ("morpho-blue/uniswap-v3", "aave-v3/uniswap-v3").
    /// @param collateralToken The vault's asset.
    /// @param debtToken What it borrows.
    /// @param marketId The lending market: Morpho Blue's market id, or the Aave v3 pool's address as bytes32.
    /// @param venue The swap venue (the Uniswap v3 pool).
    /// @param targetLeverage The target leverage it was created with (WAD).
    /// @param owner Its owner (a `TimelockController`, new or existing).
    /// @param automationAdapter Its Chainlink Automation adapter (address(0): none).
    struct VaultCreation {
        address vault;
        bytes32 kind;
        address collateralToken;
        address debtToken;
        bytes32 marketId;
        address venue;
        uint256 targetLeverage;
        address owner;
        address automationAdapter;
    }

    /// @notice A listed vault, as paged reads return it.
    /// @param vault The vault.
    /// @param kind Its kind (see `VaultCreation.kind`).
    /// @param collateralToken The vault's asset.
    /// @param debtToken What it borrows.
    /// @param factory The factory that created it.
    /// @param createdAtBlock The block it was registered in (where an indexer can start).
    /// @param createdAt The timestamp of that block.
    /// @param retired Whether it was wound down and marked retired.
    struct VaultRecord {
        address vault;
        bytes32 kind;
        address collateralToken;
        address debtToken;
        address factory;
        uint64 createdAtBlock;
        uint64 createdAt;
        bool retired;
    }

    /// @notice A vault was created by `factory` and registered at `index` in the list.
    event VaultCreated(
        address indexed vault,
        bytes32 indexed kind,
        address indexed factory,
        address collateralToken,
        address debtToken,
        bytes32 marketId,
        address venue,
        uint256 targetLeverage,
        address owner,
        address automationAdapter,
        uint256 index
    );
    /// @notice The owner approved `factory` to register vaults, or revoked it.
    event FactoryApprovalSet(address indexed factory, bool approved);
    /// @notice `vault`, wound down, was marked retired by `caller`. It stays listed.
    event VaultRetired(address indexed vault, address indexed caller);

    /// @notice `caller` is not a factory the registry's owner approved.
    error FactoryNotApproved(address caller);
    /// @notice `vault` is already listed.
    error VaultAlreadyRegistered(address vault);
    /// @notice `vault` has no code: a factory registers only what it has deployed.
    error VaultHasNoCode(address vault);
    /// @notice `vault` is not listed.
    error UnknownVault(address vault);
    /// @notice `vault` is listed but its wind-down has not started, so it cannot be retired.
    error VaultNotWoundDown(address vault);
    /// @notice `vault` is already marked retired.
    error VaultAlreadyRetired(address vault);
    /// @notice `caller` is neither the registry's owner nor `vault`'s owner.
    error NotVaultOrRegistryOwner(address caller, address vault);
    /// @notice The zero address cannot be approved as a factory.
    error ZeroFactory();

    /// @notice Lists a vault the calling factory has just created, and emits `VaultCreated`.
    /// @dev Approved factories only (`FactoryNotApproved`); reverts `VaultAlreadyRegistered` for a
    /// listed vault and `VaultHasNoCode` for an address without code.
    /// @return index The vault's position in the list.
    function registerVault(VaultCreation calldata creation) external returns (uint256 index);

    /// @notice Approves `factory` to register vaults, or revokes it (owner only). Revoking keeps its vaults.
    function setFactoryApproval(address factory, bool approved) external;

    /// @notice Marks a wound-down vault retired; it stays listed with the flag. The registry's owner or
    /// the vault's own owner may call it, once the vault's wind-down has started.
    function retireVault(address vault) external;

    /// @notice Whether `factory` may register vaults now.
    function isFactoryApproved(address factory) external view returns (bool);

    /// @notice Whether `account` is a listed vault (retired ones included). Answers for any address.
    function isVault(address account) external view returns (bool);

    /// @notice The listed vault `vault`; reverts `UnknownVault` for an address that is not listed.
    function vaultRecord(address vault) external view returns (VaultRecord memory);

    /// @notice How many vaults are listed.
    function vaultCount() external view returns (uint256);

    /// @notice Up to `limit` listed vaults from position `offset`, in creation order, and how many are
    /// listed in all. Paging with the total it returns reads each vault exactly once; an offset at or
    /// past the end returns an empty page.
    function vaults(uint256 offset, uint256 limit) external view returns (VaultRecord[] memory page, uint256 total);

    /// @notice How many listed vaults take `collateralToken` and borrow `debtToken`.
    function vaultCountByPair(address collateralToken, address debtToken) external view returns (uint256);

    /// @notice Like `vaults`, among the vaults of one collateral/debt pair.
    function vaultsByPair(address collateralToken, address debtToken, uint256 offset, uint256 limit)
        external
        view
        returns (VaultRecord[] memory page, uint256 total);

    /// @notice How many listed vaults are of `kind`.
    function vaultCountByKind(bytes32 kind) external view returns (uint256);

    /// @notice Like `vaults`, among the vaults of one kind.
    function vaultsByKind(bytes32 kind, uint256 offset, uint256 limit)
        external
        view
        returns (VaultRecord[] memory page, uint256 total);
}
