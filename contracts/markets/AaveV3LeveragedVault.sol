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
    constructor(VaultConfig memory config, IAaveV3PoolMinimal aavePool_, IUniswapV3PoolMinimal pool)
        AaveV3Market(aavePool_, config.collateralToken, config.debtToken)
        UniswapV3Venue(pool, address(config.collateralToken), address(config.debtToken))
        LeveragedVault(config)
    {}
}
