// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeveragedVaultFactory, IMorphoBlueVaultFactory} from "../interfaces/ILeveragedVaultFactory.sol";
import {IVaultRegistry} from "../interfaces/IVaultRegistry.sol";
import {MorphoMarketParams} from "../interfaces/external/IMorphoBlueMinimal.sol";
import {LeverageMath} from "../libraries/LeverageMath.sol";
import {LeveragedVaultFactory} from "./LeveragedVaultFactory.sol";

/// @title MorphoBlueVaultFactory
/// @notice Creates `MorphoBlueLeveragedVault`s (Morpho Blue × Uniswap v3) on one Morpho Blue instance.
contract MorphoBlueVaultFactory is LeveragedVaultFactory, IMorphoBlueVaultFactory {
    bytes32 private constant KIND = "morpho-blue/uniswap-v3";

    /// @inheritdoc IMorphoBlueVaultFactory
    address public immutable morpho;

    /// @param morpho_ The Morpho Blue instance the vaults live on.
    /// @param vaultCode The data contracts holding `MorphoBlueLeveragedVault`'s creation code, its libraries linked
    /// (`CreationCodeWriter`).
    constructor(
        IVaultRegistry registry_,
        address governanceModule_,
        address uniswapV3Factory_,
        address morpho_,
        address[] memory vaultCode
    ) LeveragedVaultFactory(registry_, governanceModule_, uniswapV3Factory_, vaultCode) {
        morpho = morpho_;
    }

    /// @inheritdoc LeveragedVaultFactory
    function vaultKind() public pure override(LeveragedVaultFactory, ILeveragedVaultFactory) returns (bytes32) {
        return KIND;
    }

    /// @inheritdoc IMorphoBlueVaultFactory
    /// @dev Morpho Blue's LLTV is both the liquidation and the borrow limit, fixed per market.
    function createVault(
        VaultSpec calldata spec,
        MorphoMarketParams calldata market,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external returns (CreatedVault memory) {
        uint256 lltvLeverage = LeverageMath.liquidationLeverage(market.lltv);
        return _createVault(
            spec, abi.encode(market), keccak256(abi.encode(market)), pool, owner, automation, salt, lltvLeverage, lltvLeverage
        );
    }

    /// @inheritdoc IMorphoBlueVaultFactory
    function predictVaultAddress(
        VaultSpec calldata spec,
        MorphoMarketParams calldata market,
        address pool,
        OwnerSpec calldata owner,
        AutomationSpec calldata automation,
        bytes32 salt
    ) external view returns (CreatedVault memory) {
        return _plan(spec, abi.encode(market), pool, owner, automation, salt).created;
    }

    /// @inheritdoc LeveragedVaultFactory
    function _vaultArguments(VaultSpec memory spec, address owner, bytes memory marketArguments, address pool)
        internal
        view
        override
        returns (bytes memory)
    {
        return abi.encode(spec, owner, governanceModule, morpho, abi.decode(marketArguments, (MorphoMarketParams)), pool);
    }
}
