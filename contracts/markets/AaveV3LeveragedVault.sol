// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAaveV3PoolMinimal} from "../interfaces/external/IAaveV3PoolMinimal.sol";
import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {LeveragedVault} from "../vault/LeveragedVault.sol";
import {UniswapV3Venue} from "../venues/UniswapV3Venue.sol";
import {AaveV3Market} from "./AaveV3Market.sol";

/// @title AaveV3LeveragedVault
/// @notice A leveraged vault whose position lives on an Aave v3 pool (collateral supplied, debt borrowed
/// at the variable rate) and which trades on one Uniswap v3 pool. Everything else is the core's.
contract AaveV3LeveragedVault is AaveV3Market, UniswapV3Venue, LeveragedVault {
    /// @param spec What the vault is created with (see `VaultSpec`).
    /// @param admin The vault's owner (a `TimelockController`).
    /// @param governance The shared `LeveragedVaultGovernance` module.
    /// @param aavePool_ The Aave v3 pool proxy; both tokens must be listed on it.
    /// @param pool The Uniswap v3 pool trading the collateral against the debt.
    constructor(VaultSpec memory spec, address admin, address governance, IAaveV3PoolMinimal aavePool_, IUniswapV3PoolMinimal pool)
        AaveV3Market(aavePool_, spec.collateralToken, spec.debtToken)
        UniswapV3Venue(pool, address(spec.collateralToken), address(spec.debtToken))
        LeveragedVault(spec, admin, governance)
    {}
}
