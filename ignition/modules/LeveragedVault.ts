import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * Deploys one Morpho Blue × Uniswap v3 leveraged vault against an existing stack (tokens, feeds, a
 * Uniswap v3 pool, a Morpho Blue market), with what it needs around it: the `OracleReader` library it
 * links, the `LeveragedVaultGovernance` module it runs governance in (linked with `ParameterRules`),
 * and an OpenZeppelin `TimelockController` that owns it. Every owner action, risk-increasing
 * parameter changes included, is scheduled on the timelock and waits `parameterDelay` seconds in
 * public; guardians make risk-reducing changes at once.
 *
 * Parameters (module id `LeveragedVault`), see ignition/parameters/*.json:
 *   name, symbol, collateralToken, debtToken, pool, collateralFeed, debtFeed (0x0: debt = 1 USD),
 *   sequencerFeed (0x0: none), morpho, market {loanToken, collateralToken, oracle, irm, lltv},
 *   owner (the timelock's proposer and executor; default: the deployer), parameterDelay (the
 *   timelock's minimum delay in seconds; default 86400), guardian, keeper (default: the deployer),
 *   decimalsOffset, risk {...ILeveragedVault.RiskParameters}, oracle {...ILeveragedVault.OracleParameters}.
 */
export default buildModule("LeveragedVault", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const oracleReader = m.library("OracleReader");
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

  const vault = m.contract(
    "MorphoBlueLeveragedVault",
    [config, m.getParameter<string>("morpho"), m.getParameter("market"), m.getParameter<string>("pool")],
    { libraries: { OracleReader: oracleReader, UniswapV3MeanPrice: uniswapV3MeanPrice } },
  );

  return { vault, timelock, governance, oracleReader, uniswapV3MeanPrice, parameterRules };
});
