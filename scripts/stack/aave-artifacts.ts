import { createRequire } from "node:module";
import type { Artifact } from "hardhat/types/artifacts";

/**
 * A compiled contract as shipped in `@aave/core-v3` (Hardhat 2 artifact format, which Hardhat 3's
 * `Artifact` type still describes). Pool, PoolConfigurator and FlashLoanLogic carry unlinked library
 * references: deploy them with `ethers.getContractFactoryFromArtifact(artifact, { signer, libraries })`.
 */
export type AaveArtifact = Artifact;

const require = createRequire(import.meta.url);

const load = (path: string): AaveArtifact =>
  require(`@aave/core-v3/artifacts/contracts/${path}.json`) as AaveArtifact;
const logic = (name: string) => load(`protocol/libraries/logic/${name}.sol/${name}`);

/** The real Aave v3 bytecode (the v3.0.x code line), from `@aave/core-v3@1.19.3`. */
export const aaveArtifacts = {
  addressesProvider: load("protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider"),
  aclManager: load("protocol/configuration/ACLManager.sol/ACLManager"),
  pool: load("protocol/pool/Pool.sol/Pool"),
  poolConfigurator: load("protocol/pool/PoolConfigurator.sol/PoolConfigurator"),
  interestRateStrategy: load("protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy"),
  oracle: load("misc/AaveOracle.sol/AaveOracle"),
  aToken: load("protocol/tokenization/AToken.sol/AToken"),
  stableDebtToken: load("protocol/tokenization/StableDebtToken.sol/StableDebtToken"),
  variableDebtToken: load("protocol/tokenization/VariableDebtToken.sol/VariableDebtToken"),
  reservesSetupHelper: load("deployments/ReservesSetupHelper.sol/ReservesSetupHelper"),
  libraries: {
    SupplyLogic: logic("SupplyLogic"),
    BorrowLogic: logic("BorrowLogic"),
    LiquidationLogic: logic("LiquidationLogic"),
    EModeLogic: logic("EModeLogic"),
    BridgeLogic: logic("BridgeLogic"),
    PoolLogic: logic("PoolLogic"),
    FlashLoanLogic: logic("FlashLoanLogic"),
    ConfiguratorLogic: logic("ConfiguratorLogic"),
  },
};
