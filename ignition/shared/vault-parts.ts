import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * What every vault module deploys around its vault, whatever the lending market: the
 * `UniswapV3MeanPrice` library the vault links, the `LeveragedVaultGovernance` module it runs governance in (linked with
 * `ParameterRules`), the OpenZeppelin `TimelockController` that owns it, and the vault's
 * `VaultConfig` from the module's parameters (name, symbol, collateralToken, debtToken,
 * collateralFeed, debtFeed, sequencerFeed, owner, parameterDelay, guardian, keeper, decimalsOffset,
 * risk, oracle).
 */
export function vaultParts(m: IgnitionModuleBuilder) {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const uniswapV3MeanPrice = m.library("UniswapV3MeanPrice");
  const parameterRules = m.library("ParameterRules");
  const governance = m.contract("LeveragedVaultGovernance", [], { libraries: { ParameterRules: parameterRules } });
  // No admin: the timelock administers itself, so changing its roles or delay waits the delay too.
  const timelock = m.contract("TimelockController", [m.getParameter("parameterDelay", 86_400), [owner], [owner], ZERO_ADDRESS]);

  const config = {
    name: m.getParameter("name", "Leveraged ETH 2x"),
    symbol: m.getParameter("symbol", "ETH2X"),
    collateralToken: m.getParameter<string>("collateralToken"),
    debtToken: m.getParameter<string>("debtToken"),
    collateralFeed: m.getParameter<string>("collateralFeed"),
    debtFeed: m.getParameter("debtFeed", ZERO_ADDRESS),
    sequencerFeed: m.getParameter("sequencerFeed", ZERO_ADDRESS),
    admin: timelock,
    governance,
    guardian: m.getParameter("guardian", deployer),
    keeper: m.getParameter("keeper", deployer),
    decimalsOffset: m.getParameter("decimalsOffset", 6),
    risk: m.getParameter("risk"),
    oracle: m.getParameter("oracle"),
  };
  return { config, timelock, governance, uniswapV3MeanPrice, parameterRules };
}
