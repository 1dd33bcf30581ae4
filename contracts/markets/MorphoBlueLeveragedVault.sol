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
    constructor(VaultConfig memory config, IMorphoBlueMinimal morpho_, MorphoMarketParams memory market, IUniswapV3PoolMinimal pool)
        MorphoBlueMarket(morpho_, market)
        UniswapV3Venue(pool, address(config.collateralToken), address(config.debtToken))
        LeveragedVault(config)
    {
        if (market.collateralToken != address(config.collateralToken) || market.loanToken != address(config.debtToken)) {
            revert InvalidConfiguration("market tokens differ from the vault's collateral and debt");
        }
    }
}
