import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { vaultFactoryParts } from "../shared/vault-factory.js";

/**
 * The factory of Aave v3 × Uniswap v3 vaults on one Aave v3 pool, approved in the chain's registry.
 *
 * Parameters (module id `AaveV3VaultFactory`): `uniswapV3Factory`, `aavePool` (the Pool proxy,
 * `PoolAddressesProvider.getPool()`), `registry`, `governance`, `parameterRules`, `creationCodeWriter` (from `VaultInfrastructure`),
 * `vaultCreationCode` (`AaveV3LeveragedVault`'s creation code
 * linked with `VaultInfrastructure`'s `UniswapV3MeanPrice` and `AaveV3Capacity`).
 */
export default buildModule("AaveV3VaultFactory", (m) => vaultFactoryParts(m, "AaveV3VaultFactory", "aavePool"));
