// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAaveV3VaultFactory, ILeveragedVaultFactory} from "../interfaces/ILeveragedVaultFactory.sol";
import {IVaultRegistry} from "../interfaces/IVaultRegistry.sol";
import {IAaveV3PoolMinimal} from "../interfaces/external/IAaveV3PoolMinimal.sol";
import {LeverageMath} from "../libraries/LeverageMath.sol";
import {AaveV3ReserveConfiguration} from "../markets/AaveV3ReserveConfiguration.sol";
import {LeveragedVaultFactory} from "./LeveragedVaultFactory.sol";

/// @title AaveV3VaultFactory
/// @notice Creates `AaveV3LeveragedVault`s (Aave v3 × Uniswap v3) on one Aave v3 pool.
contract AaveV3VaultFactory is LeveragedVaultFactory, IAaveV3VaultFactory {
    bytes32 private constant KIND = "aave-v3/uniswap-v3";

    /// @inheritdoc IAaveV3VaultFactory
    address public immutable aavePool;

    /// @param aavePool_ The Aave v3 pool proxy the vaults live on.
    /// @param vaultCode The data contracts holding `AaveV3LeveragedVault`'s creation code, its libraries linked
    /// (`CreationCodeWriter`).
    constructor(
        IVaultRegistry registry_,
        address governanceModule_,
        address uniswapV3Factory_,
        address aavePool_,
        address[] memory vaultCode
    ) LeveragedVaultFactory(registry_, governanceModule_, uniswapV3Factory_, vaultCode) {
        aavePool = aavePool_;
    }

    /// @inheritdoc LeveragedVaultFactory
    function vaultKind() public pure override(LeveragedVaultFactory, ILeveragedVaultFactory) returns (bytes32) {
        return KIND;
    }

    /// @inheritdoc IAaveV3VaultFactory
    /// @dev The bounds are checked at the collateral reserve's live liquidation threshold and LTV, as
    /// the vault's constructor reads them. The market id is the pool's address.
    function createVault(
        VaultSpec calldata spec,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external returns (CreatedVault memory) {
        (uint256 liquidationLtv, uint256 borrowLtv) =
            AaveV3ReserveConfiguration.ltvs(IAaveV3PoolMinimal(aavePool).getConfiguration(address(spec.collateralToken)));
        return _createVault(
            spec,
            "",
            bytes32(uint256(uint160(aavePool))),
            pool,
            owner,
            automation,
            salt,
            LeverageMath.liquidationLeverage(liquidationLtv),
            LeverageMath.liquidationLeverage(borrowLtv)
        );
    }

    /// @inheritdoc IAaveV3VaultFactory
    function predictVaultAddress(
        VaultSpec calldata spec,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external view returns (CreatedVault memory) {
        return _plan(spec, "", pool, owner, automation, salt).created;
    }

    /// @inheritdoc LeveragedVaultFactory
    function _vaultArguments(VaultSpec memory spec, address owner, bytes memory, address pool)
        internal
        view
        override
        returns (bytes memory)
    {
        return abi.encode(spec, owner, governanceModule, aavePool, pool);
    }
}
