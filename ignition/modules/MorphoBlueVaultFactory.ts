import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { vaultFactoryParts } from "../shared/vault-factory.js";

/**
 * The factory of Morpho Blue × Uniswap v3 vaults, approved in the chain's registry.
 *
 * Parameters (module id `MorphoBlueVaultFactory`): `uniswapV3Factory` (whose pools vaults may
 * trade on), `morpho` (the Morpho Blue instance), `registry`, `governance`, `parameterRules`, `creationCodeWriter` (from `VaultInfrastructure`),
 * `vaultCreationCode` (`MorphoBlueLeveragedVault`'s
 * creation code linked with `VaultInfrastructure`'s `UniswapV3MeanPrice` and `MorphoBlueInterest`).
 */
export default buildModule("MorphoBlueVaultFactory", (m) => vaultFactoryParts(m, "MorphoBlueVaultFactory", "morpho"));
