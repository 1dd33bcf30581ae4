import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * What every vault on a chain shares, deployed once per chain: the libraries the vaults link
 * (`UniswapV3MeanPrice`, `MorphoBlueInterest`, `AaveV3Capacity`), `ParameterRules` (linked by the
 * governance module and the factories), the `LeveragedVaultGovernance` module every vault runs its
 * governance in, the `VaultRegistry` (owned by the deployer, who approves the factories), and the
 * `CreationCodeWriter` that stores a vault's creation code for its factory.
 *
 * The factories come next (`MorphoBlueVaultFactory`, `AaveV3VaultFactory`), in the same deployment:
 * each needs its vault's creation code linked with the libraries deployed here, which
 * `scripts/deploy/infrastructure.ts` computes between the two steps.
 */
export default buildModule("VaultInfrastructure", (m) => {
  const deployer = m.getAccount(0);
  const parameterRules = m.library("ParameterRules");
  const uniswapV3MeanPrice = m.library("UniswapV3MeanPrice");
  const morphoBlueInterest = m.library("MorphoBlueInterest");
  const aaveV3Capacity = m.library("AaveV3Capacity");
  const governance = m.contract("LeveragedVaultGovernance", [], { libraries: { ParameterRules: parameterRules } });
  const registry = m.contract("VaultRegistry", [deployer]);
  const creationCodeWriter = m.contract("CreationCodeWriter");
  return { parameterRules, uniswapV3MeanPrice, morphoBlueInterest, aaveV3Capacity, governance, registry, creationCodeWriter };
});
