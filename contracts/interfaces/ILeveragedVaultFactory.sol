// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ILeveragedVaultTypes} from "./ILeveragedVault.sol";
import {IVaultRegistry} from "./IVaultRegistry.sol";
import {MorphoMarketParams} from "./external/IMorphoBlueMinimal.sol";

/// @title IVaultAutomationAdapterDeployer
/// @notice What a `VaultAutomationAdapter` asks its deployer while it is being constructed.
interface IVaultAutomationAdapterDeployer {
    /// @param vault The vault the adapter keeps in band.
    /// @param owner The adapter's owner (sets the forwarder, withdraws rewards).
    struct AdapterParameters {
        address vault;
        address owner;
    }

    /// @notice The parameters of the adapter being deployed in this transaction (zero otherwise).
    function automationAdapterParameters() external view returns (AdapterParameters memory);
}

/// @title ILeveragedVaultFactory
/// @notice What every vault factory offers, whatever its lending market × swap venue kind. A factory
/// deploys vaults of one kind with CREATE2, so a vault's address is known before it exists; it
/// validates the parameters with the vault's own rules (`ParameterRules`) before deploying anything;
/// it gives the vault its owner (an existing `TimelockController` or a new one) and, if asked, a
/// Chainlink Automation adapter that is a keeper from the start; and it lists the vault in the chain's
/// `IVaultRegistry`, which emits `VaultCreated`.
/// @dev Factories are permissionless: anyone may create a vault, with any parameters the rules allow.
/// The factory pins the protocols a vault may use (the lending market and the Uniswap v3 factory whose
/// pools it accepts) so that a listed vault cannot point at a fake market or pool; the feeds and the
/// owner are the creator's choice, and integrators show them.
/// A vault's address depends on every creation argument and the salt: the same arguments and salt
/// always give the same address (the second creation reverts `VaultAlreadyExists` naming it), and a
/// change to any argument gives another address, so no one can take a vault's address with other
/// parameters. An attacker who copies a pending creation deploys exactly the vault its creator wanted.
interface ILeveragedVaultFactory is ILeveragedVaultTypes, IVaultAutomationAdapterDeployer {
    /// @notice Who owns a new vault.
    /// @param owner An existing owner, meant to be a `TimelockController`; address(0) to deploy a new
    /// `TimelockController` with the fields below (it then administers itself).
    /// @param timelockDelay The new timelock's minimum delay, in seconds: the wait of every
    /// risk-increasing parameter change.
    /// @param proposers The new timelock's proposers (and cancellers). At least one.
    /// @param executors The new timelock's executors (address(0) in the list: anyone may execute).
    struct OwnerSpec {
        address owner;
        uint256 timelockDelay;
        address[] proposers;
        address[] executors;
    }

    /// @notice Whether to deploy the vault's `VaultAutomationAdapter`, made a keeper in the vault's
    /// constructor.
    /// @param deployAdapter Deploy one.
    /// @param adapterOwner Its owner, who sets the upkeep's forwarder on it.
    struct AutomationSpec {
        bool deployAdapter;
        address adapterOwner;
    }

    /// @notice What a creation deploys (or, from a prediction, would deploy).
    /// @param vault The vault.
    /// @param owner Its owner: the existing one, or the new timelock.
    /// @param automationAdapter Its adapter (address(0): none).
    struct CreatedVault {
        address vault;
        address owner;
        address automationAdapter;
    }

    /// @notice A new `TimelockController` was deployed to own `vault`.
    event TimelockCreated(address indexed vault, address indexed timelock, uint256 delay);
    /// @notice A `VaultAutomationAdapter` owned by `owner` was deployed for `vault`.
    event AutomationAdapterCreated(address indexed vault, address indexed adapter, address owner);

    /// @notice A vault with these exact arguments and salt exists already, at `vault`.
    error VaultAlreadyExists(address vault);
    /// @notice An adapter with these arguments and salt exists already, at `adapter`.
    error AutomationAdapterAlreadyExists(address adapter);
    /// @notice No existing owner was given and the new timelock would have no proposer.
    error NoOwner();
    /// @notice An adapter was asked for without an owner.
    error NoAdapterOwner();
    /// @notice `pool` is not the pool the pinned Uniswap v3 factory lists for the pair and fee (`listed`).
    error PoolNotFromUniswapFactory(address pool, address listed);
    /// @notice `vault` is not listed in the registry.
    error NotAVault(address vault);
    /// @notice The factory was constructed without the data contracts holding the vault creation code.
    error EmptyCreationCode();

    /// @notice This factory's kind, as the registry lists it ("morpho-blue/uniswap-v3").
    function vaultKind() external view returns (bytes32);

    /// @notice The registry this factory lists its vaults in.
    function registry() external view returns (IVaultRegistry);

    /// @notice The shared `LeveragedVaultGovernance` module every vault of this factory delegates to.
    function governanceModule() external view returns (address);

    /// @notice The Uniswap v3 factory whose pools this factory's vaults may trade on.
    function uniswapV3Factory() external view returns (address);

    /// @notice keccak256 of the vault creation code (libraries linked) this factory deploys, to check
    /// against the compiled artifact before approving the factory.
    function vaultCreationCodeHash() external view returns (bytes32);

    /// @notice Deploys a `VaultAutomationAdapter` owned by `owner` for a listed vault that has none (a
    /// vault created without one). The vault's owner then makes it a keeper (`setKeeper`).
    /// @dev Reverts `NotAVault` for an unlisted vault, `NoAdapterOwner` for owner 0 and
    /// `AutomationAdapterAlreadyExists` for the same arguments and salt twice.
    function createAutomationAdapter(address vault, address owner, bytes32 salt) external returns (address adapter);

    /// @notice Where `createAutomationAdapter(vault, owner, salt)` deploys.
    function predictAutomationAdapterAddress(address vault, address owner, bytes32 salt) external view returns (address);
}

/// @title IMorphoBlueVaultFactory
/// @notice Creates Morpho Blue × Uniswap v3 vaults on the pinned Morpho Blue instance.
interface IMorphoBlueVaultFactory is ILeveragedVaultFactory {
    /// @notice The Morpho Blue instance every vault of this factory lives on.
    function morpho() external view returns (address);

    /// @notice Creates, and registers, a vault on Morpho Blue market `market` trading on Uniswap v3 `pool`.
    /// @dev Reverts, before deploying anything: `VaultAlreadyExists` for arguments and salt used before;
    /// `ParameterOutOfBounds` (the vault's own error, from `ParameterRules`) for a parameter outside its
    /// bounds at the market's LLTV; `PoolNotFromUniswapFactory`; `NoOwner`; `NoAdapterOwner`. The vault's
    /// constructor checks the rest (market created, tokens matching, feeds answering) with its own errors.
    /// @param spec The vault's tokens, feeds, roles and parameters.
    /// @param market The Morpho Blue market; its collateral and loan tokens must be the vault's.
    /// @param pool The Uniswap v3 pool of the pair, from the pinned Uniswap v3 factory.
    /// @param owner Who owns the vault (see `OwnerSpec`).
    /// @param automation Whether to deploy its Automation adapter (see `AutomationSpec`).
    /// @param salt Any value; with the arguments it fixes the vault's address.
    function createVault(
        VaultSpec calldata spec,
        MorphoMarketParams calldata market,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external returns (CreatedVault memory created);

    /// @notice Where `createVault` with the same arguments deploys the vault, its new timelock and its adapter.
    function predictVaultAddress(
        VaultSpec calldata spec,
        MorphoMarketParams calldata market,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external view returns (CreatedVault memory predicted);
}

/// @title IAaveV3VaultFactory
/// @notice Creates Aave v3 × Uniswap v3 vaults on the pinned Aave v3 pool.
interface IAaveV3VaultFactory is ILeveragedVaultFactory {
    /// @notice The Aave v3 pool (proxy) every vault of this factory lives on.
    function aavePool() external view returns (address);

    /// @notice Creates, and registers, a vault on the pinned Aave v3 pool trading on Uniswap v3 `pool`.
    /// @dev Reverts as `IMorphoBlueVaultFactory.createVault` does, with the bounds at the collateral
    /// reserve's live LTV and liquidation threshold.
    function createVault(
        VaultSpec calldata spec,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external returns (CreatedVault memory created);

    /// @notice Where `createVault` with the same arguments deploys the vault, its new timelock and its adapter.
    function predictVaultAddress(
        VaultSpec calldata spec,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external view returns (CreatedVault memory predicted);
}
