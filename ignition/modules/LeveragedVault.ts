import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys one Morpho Blue leveraged vault against an existing stack (tokens, feeds, a Uniswap v3
 * pool, a Morpho Blue market), with the two external libraries it links.
 *
 * Parameters (module id `LeveragedVault`), see ignition/parameters/*.json:
 *   name, symbol, collateralToken, debtToken, pool, collateralFeed, debtFeed (0x0: debt = 1 USD),
 *   sequencerFeed (0x0: none), morpho, market {loanToken, collateralToken, oracle, irm, lltv},
 *   owner, guardian, keeper (default: the deployer), parameterDelay, decimalsOffset,
 *   risk {...ILeveragedVault.RiskParameters}, oracle {...ILeveragedVault.OracleParameters}.
 */
export default buildModule("LeveragedVault", (m) => {
  const deployer = m.getAccount(0);
  const oracleReader = m.library("OracleReader");
  const parameterRules = m.library("ParameterRules");

  const config = {
    name: m.getParameter("name", "Leveraged ETH 2x"),
    symbol: m.getParameter("symbol", "ETH2X"),
    collateralToken: m.getParameter<string>("collateralToken"),
    debtToken: m.getParameter<string>("debtToken"),
    pool: m.getParameter<string>("pool"),
    collateralFeed: m.getParameter<string>("collateralFeed"),
    debtFeed: m.getParameter("debtFeed", "0x0000000000000000000000000000000000000000"),
    sequencerFeed: m.getParameter("sequencerFeed", "0x0000000000000000000000000000000000000000"),
    admin: m.getParameter("owner", deployer),
    guardian: m.getParameter("guardian", deployer),
    keeper: m.getParameter("keeper", deployer),
    parameterDelay: m.getParameter("parameterDelay", 86_400),
    decimalsOffset: m.getParameter("decimalsOffset", 6),
    risk: m.getParameter("risk"),
    oracle: m.getParameter("oracle"),
  };

  const vault = m.contract("MorphoBlueLeveragedVault", [config, m.getParameter<string>("morpho"), m.getParameter("market")], {
    libraries: { OracleReader: oracleReader, ParameterRules: parameterRules },
  });

  return { vault, oracleReader, parameterRules };
});
