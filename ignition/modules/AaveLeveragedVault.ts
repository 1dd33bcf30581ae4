import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { vaultParts } from "../shared/vault-parts.js";

/**
 * Deploys one Aave v3 × Uniswap v3 leveraged vault against an existing stack (tokens, feeds, a
 * Uniswap v3 pool, an Aave v3 pool listing both tokens as reserves, borrowing enabled on the debt
 * reserve), with the same surroundings as `LeveragedVault`: the `UniswapV3MeanPrice` library, the
 * `LeveragedVaultGovernance` module and a `TimelockController` owner.
 *
 * Parameters (module id `AaveLeveragedVault`), see ignition/parameters/*aave*.json: those of
 * `LeveragedVault` without `morpho` and `market`, plus `aavePool` (the Pool proxy,
 * `PoolAddressesProvider.getPool()`). The risk parameters must fit Aave's reserve: `maxLeverage`
 * below the collateral reserve's borrow leverage 1 / (1 - LTV), `emergencyLeverage` at most 90% of
 * its liquidation leverage 1 / (1 - liquidation threshold); the constructor reverts otherwise.
 */
export default buildModule("AaveLeveragedVault", (m) => {
  const { config, timelock, governance, uniswapV3MeanPrice, parameterRules } = vaultParts(m);
  const aaveV3Capacity = m.library("AaveV3Capacity");
  const vault = m.contract(
    "AaveV3LeveragedVault",
    [config, m.getParameter<string>("aavePool"), m.getParameter<string>("pool")],
    { libraries: { UniswapV3MeanPrice: uniswapV3MeanPrice, AaveV3Capacity: aaveV3Capacity } },
  );

  return { vault, timelock, governance, uniswapV3MeanPrice, aaveV3Capacity, parameterRules };
});
