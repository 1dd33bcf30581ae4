import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { vaultParts } from "../shared/vault-parts.js";

/**
 * Deploys one Morpho Blue × Uniswap v3 leveraged vault against an existing stack (tokens, feeds, a
 * Uniswap v3 pool, a Morpho Blue market), with what it needs around it: the `UniswapV3MeanPrice` and
 * `MorphoBlueInterest` libraries it links, the `LeveragedVaultGovernance` module it runs governance in (linked with `ParameterRules`),
 * and an OpenZeppelin `TimelockController` that owns it. Every owner action, risk-increasing
 * parameter changes included, is scheduled on the timelock and waits `parameterDelay` seconds in
 * public; guardians make risk-reducing changes at once. The Aave v3 variant is `AaveLeveragedVault`.
 *
 * Parameters (module id `LeveragedVault`), see ignition/parameters/*.json:
 *   name, symbol, collateralToken, debtToken, pool, collateralFeed, debtFeed (0x0: debt = 1 USD),
 *   sequencerFeed (0x0: none), morpho, market {loanToken, collateralToken, oracle, irm, lltv},
 *   owner (the timelock's proposer and executor; default: the deployer), parameterDelay (the
 *   timelock's minimum delay in seconds; default 86400), guardian, keeper (default: the deployer),
 *   decimalsOffset, risk {...ILeveragedVault.RiskParameters}, oracle {...ILeveragedVault.OracleParameters}.
 */
export default buildModule("LeveragedVault", (m) => {
  const { config, timelock, governance, uniswapV3MeanPrice, parameterRules } = vaultParts(m);
  const morphoBlueInterest = m.library("MorphoBlueInterest");
  const vault = m.contract(
    "MorphoBlueLeveragedVault",
    [config, m.getParameter<string>("morpho"), m.getParameter("market"), m.getParameter<string>("pool")],
    { libraries: { UniswapV3MeanPrice: uniswapV3MeanPrice, MorphoBlueInterest: morphoBlueInterest } },
  );

  return { vault, timelock, governance, uniswapV3MeanPrice, morphoBlueInterest, parameterRules };
});
