// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";

import {VaultAutomationAdapter} from "../automation/VaultAutomationAdapter.sol";
import {ILeveragedVaultFactory, IVaultAutomationAdapterDeployer} from "../interfaces/ILeveragedVaultFactory.sol";
import {IVaultRegistry} from "../interfaces/IVaultRegistry.sol";
import {IUniswapV3FactoryMinimal} from "../interfaces/external/IUniswapV3FactoryMinimal.sol";
import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {ParameterRules} from "../libraries/ParameterRules.sol";
import {CreationCodeStore} from "./CreationCodeStore.sol";

/// @title LeveragedVaultFactory
/// @notice What every vault factory shares: the creation code kept in data contracts, CREATE2 with
/// addresses derived from every argument, the owner (an existing one or a new `TimelockController`),
/// the Automation adapter, the checks made before anything is deployed, and the registration.
/// @dev Override these (one small contract per lending market × venue kind, like
/// `MorphoBlueVaultFactory`): `vaultKind`, and `_vaultArguments`, the vault constructor's arguments
/// after its `VaultSpec`. The kind's `createVault` reads the market's LTVs and calls `_createVault`.
abstract contract LeveragedVaultFactory is ILeveragedVaultFactory {
    /// @inheritdoc ILeveragedVaultFactory
    IVaultRegistry public immutable registry;
    /// @inheritdoc ILeveragedVaultFactory
    address public immutable governanceModule;
    /// @inheritdoc ILeveragedVaultFactory
    address public immutable uniswapV3Factory;
    /// @inheritdoc ILeveragedVaultFactory
    bytes32 public immutable vaultCreationCodeHash;
    bytes32 private immutable _adapterCodeHash;

    /// @dev The data contracts holding the vault creation code (`CreationCodeStore`).
    address[] private _vaultCode;

    /// @dev The adapter being deployed, for its constructor (`automationAdapterParameters`).
    address private transient _adapterVault;
    address private transient _adapterOwner;

    /// @dev What a creation deploys, computed once for both `createVault` and `predictVaultAddress`.
    struct Plan {
        CreatedVault created;
        bytes32 vaultSalt;
        bytes vaultInitCode;
        bytes32 timelockSalt;
        bytes timelockInitCode;
        bytes32 adapterSalt;
    }

    /// @param registry_ The chain's registry; its owner must approve this factory before it can create.
    /// @param governanceModule_ The shared `LeveragedVaultGovernance` deployment.
    /// @param uniswapV3Factory_ The Uniswap v3 factory whose pools vaults may trade on.
    /// @param vaultCode The data contracts (`CreationCodeWriter`) holding the concrete vault's creation
    /// code with its libraries linked; its hash is `vaultCreationCodeHash`.
    constructor(IVaultRegistry registry_, address governanceModule_, address uniswapV3Factory_, address[] memory vaultCode) {
        if (vaultCode.length == 0) revert EmptyCreationCode();
        registry = registry_;
        governanceModule = governanceModule_;
        uniswapV3Factory = uniswapV3Factory_;
        vaultCreationCodeHash = CreationCodeStore.hash(vaultCode);
        _adapterCodeHash = keccak256(type(VaultAutomationAdapter).creationCode);
        _vaultCode = vaultCode;
    }

    /// @inheritdoc ILeveragedVaultFactory
    function vaultKind() public pure virtual returns (bytes32);

    /// @inheritdoc IVaultAutomationAdapterDeployer
    function automationAdapterParameters() external view returns (AdapterParameters memory) {
        return AdapterParameters(_adapterVault, _adapterOwner);
    }

    /// @inheritdoc ILeveragedVaultFactory
    function createAutomationAdapter(address vault, address owner, bytes32 salt) external returns (address) {
        if (!registry.isVault(vault)) revert NotAVault(vault);
        if (owner == address(0)) revert NoAdapterOwner();
        return _deployAdapter(_standaloneAdapterSalt(vault, owner, salt), vault, owner);
    }

    /// @inheritdoc ILeveragedVaultFactory
    function predictAutomationAdapterAddress(address vault, address owner, bytes32 salt) external view returns (address) {
        return Create2.computeAddress(_standaloneAdapterSalt(vault, owner, salt), _adapterCodeHash);
    }

    /* FOR THE KIND */

    /// @dev The vault constructor's arguments: `(spec, owner, governanceModule, ...the kind's own)`.
    /// `marketArguments` is what the kind passed to `_plan` (its market parameters, ABI-encoded).
    function _vaultArguments(VaultSpec memory spec, address owner, bytes memory marketArguments, address pool)
        internal
        view
        virtual
        returns (bytes memory);

    /// @dev Creates the vault `_plan` describes, after every check, and lists it. `liquidationLeverage`
    /// and `borrowLeverage` are the market's, as the vault's constructor will read them.
    function _createVault(
        VaultSpec calldata spec,
        bytes memory marketArguments,
        bytes32 marketId,
        address pool,
        OwnerSpec calldata ownerSpec,
        AutomationSpec calldata automation,
        bytes32 salt,
        uint256 liquidationLeverage,
        uint256 borrowLeverage
    ) internal returns (CreatedVault memory created) {
        Plan memory plan = _plan(spec, marketArguments, pool, ownerSpec, automation, salt);
        created = plan.created;
        // Every check first: nothing is deployed for a creation that would fail.
        if (created.vault.code.length != 0) revert VaultAlreadyExists(created.vault);
        ParameterRules.validate(spec.risk, spec.oracle, liquidationLeverage, borrowLeverage, address(spec.debtFeed) != address(0));
        _checkPool(address(spec.collateralToken), address(spec.debtToken), pool);
        if (ownerSpec.owner == address(0) && ownerSpec.proposers.length == 0) revert NoOwner();
        if (automation.deployAdapter && automation.adapterOwner == address(0)) revert NoAdapterOwner();

        if (ownerSpec.owner == address(0)) {
            Create2.deploy(0, plan.timelockSalt, plan.timelockInitCode);
            emit TimelockCreated(created.vault, created.owner, ownerSpec.timelockDelay);
        }
        Create2.deploy(0, plan.vaultSalt, plan.vaultInitCode);
        if (automation.deployAdapter) _deployAdapter(plan.adapterSalt, created.vault, automation.adapterOwner);

        registry.registerVault(
            IVaultRegistry.VaultCreation({
                vault: created.vault,
                kind: vaultKind(),
                collateralToken: address(spec.collateralToken),
                debtToken: address(spec.debtToken),
                marketId: marketId,
                venue: pool,
                targetLeverage: spec.risk.targetLeverage,
                owner: created.owner,
                automationAdapter: created.automationAdapter
            })
        );
    }

    /// @dev The addresses and init codes of a creation. Every salt derives from a hash of all the
    /// arguments, so the same arguments and salt give the same addresses and any other argument gives
    /// others. The adapter's creation code has no arguments (it asks this factory for them), so its
    /// address is known before the vault's, which lists it as a keeper.
    function _plan(
        VaultSpec calldata spec,
        bytes memory marketArguments,
        address pool,
        OwnerSpec calldata ownerSpec,
        AutomationSpec calldata automation,
        bytes32 salt
    ) internal view returns (Plan memory plan) {
        bytes32 creationId = keccak256(abi.encode(vaultKind(), spec, marketArguments, pool, ownerSpec, automation, salt));
        if (ownerSpec.owner != address(0)) {
            plan.created.owner = ownerSpec.owner;
        } else {
            plan.timelockSalt = keccak256(abi.encode(creationId, "timelock"));
            plan.timelockInitCode = abi.encodePacked(
                type(TimelockController).creationCode,
                abi.encode(ownerSpec.timelockDelay, ownerSpec.proposers, ownerSpec.executors, address(0))
            );
            plan.created.owner = Create2.computeAddress(plan.timelockSalt, keccak256(plan.timelockInitCode));
        }

        VaultSpec memory vaultSpec = spec;
        if (automation.deployAdapter) {
            plan.adapterSalt = keccak256(abi.encode(creationId, "adapter"));
            plan.created.automationAdapter = Create2.computeAddress(plan.adapterSalt, _adapterCodeHash);
            address[] memory keepers = new address[](spec.keepers.length + 1);
            for (uint256 i; i < spec.keepers.length; ++i) {
                keepers[i] = spec.keepers[i];
            }
            keepers[spec.keepers.length] = plan.created.automationAdapter;
            vaultSpec.keepers = keepers;
        }

        plan.vaultSalt = keccak256(abi.encode(creationId, "vault"));
        plan.vaultInitCode = CreationCodeStore.read(_vaultCode, _vaultArguments(vaultSpec, plan.created.owner, marketArguments, pool));
        plan.created.vault = Create2.computeAddress(plan.vaultSalt, keccak256(plan.vaultInitCode));
    }

    /* INTERNAL */

    function _deployAdapter(bytes32 salt, address vault, address owner) private returns (address adapter) {
        address predicted = Create2.computeAddress(salt, _adapterCodeHash);
        if (predicted.code.length != 0) revert AutomationAdapterAlreadyExists(predicted);
        (_adapterVault, _adapterOwner) = (vault, owner);
        adapter = Create2.deploy(0, salt, type(VaultAutomationAdapter).creationCode);
        (_adapterVault, _adapterOwner) = (address(0), address(0));
        emit AutomationAdapterCreated(vault, adapter, owner);
    }

    function _standaloneAdapterSalt(address vault, address owner, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(vault, owner, salt, "adapter"));
    }

    /// @dev `pool` must be the pinned Uniswap v3 factory's pool for the pair at the pool's fee.
    function _checkPool(address collateralToken, address debtToken, address pool) private view {
        (bool ok, bytes memory fee) = pool.staticcall(abi.encodeCall(IUniswapV3PoolMinimal.fee, ()));
        address listed;
        if (ok && fee.length == 32) {
            listed = IUniswapV3FactoryMinimal(uniswapV3Factory).getPool(collateralToken, debtToken, abi.decode(fee, (uint24)));
        }
        if (listed != pool || pool == address(0)) revert PoolNotFromUniswapFactory(pool, listed);
    }
}
