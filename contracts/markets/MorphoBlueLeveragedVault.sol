// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IMorphoBlueMinimal, MorphoMarketParams} from "../interfaces/external/IMorphoBlueMinimal.sol";
import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {LeveragedVault} from "../vault/LeveragedVault.sol";
import {UniswapV3Venue} from "../venues/UniswapV3Venue.sol";
import {MorphoBlueMarket} from "./MorphoBlueMarket.sol";

/// @title MorphoBlueLeveragedVault
/// @notice A leveraged vault whose position lives on one Morpho Blue market and which trades on one
/// Uniswap v3 pool. Everything else is the core's (`LeveragedVault`).
contract MorphoBlueLeveragedVault is MorphoBlueMarket, UniswapV3Venue, LeveragedVault {
    /// @param spec What the vault is created with (see `VaultSpec`).
    /// @param admin The vault's owner (a `TimelockController`).
    /// @param governance The shared `LeveragedVaultGovernance` module.
    /// @param morpho_ The Morpho Blue instance.
    /// @param market The Morpho Blue market: its collateral and loan tokens are the vault's.
    /// @param pool The Uniswap v3 pool trading the collateral against the debt.
    constructor(
        VaultSpec memory spec,
        address admin,
        address governance,
        IMorphoBlueMinimal morpho_,
        MorphoMarketParams memory market,
        IUniswapV3PoolMinimal pool
    )
        MorphoBlueMarket(morpho_, market)
        UniswapV3Venue(pool, address(spec.collateralToken), address(spec.debtToken))
        LeveragedVault(spec, admin, governance)
    {
        if (market.collateralToken != address(spec.collateralToken) || market.loanToken != address(spec.debtToken)) {
            revert InvalidConfiguration("market tokens differ from the vault's collateral and debt");
        }
    }
}
