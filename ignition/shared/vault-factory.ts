import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

/**
 * The steps both factory modules share. The shared infrastructure comes in as parameters (the
 * addresses `VaultInfrastructure` deployed: `registry`, `governance`, `parameterRules`,
 * `creationCodeWriter`), because the vault's creation code must be linked with that deployment's
 * libraries before this module runs (`vaultCreationCode`). It writes the code through the
 * `CreationCodeWriter`, reads the data contracts' addresses from its `CreationCodeWritten` event,
 * deploys the factory with them after the kind's protocol argument, and approves it in the registry.
 */
export function vaultFactoryParts(m: IgnitionModuleBuilder, contractName: "MorphoBlueVaultFactory" | "AaveV3VaultFactory", protocol: string) {
  const registry = m.contractAt("VaultRegistry", m.getParameter<string>("registry"));
  const parameterRules = m.contractAt("ParameterRules", m.getParameter<string>("parameterRules"));
  const creationCodeWriter = m.contractAt("CreationCodeWriter", m.getParameter<string>("creationCodeWriter"));
  const written = m.call(creationCodeWriter, "write", [m.getParameter<string>("vaultCreationCode")], { id: "WriteVaultCreationCode" });
  const vaultCode = m.readEventArgument(written, "CreationCodeWritten", "chunks", { id: "VaultCodeChunks" });
  const factory = m.contract(
    contractName,
    [registry, m.getParameter<string>("governance"), m.getParameter<string>("uniswapV3Factory"), m.getParameter<string>(protocol), vaultCode],
    { libraries: { ParameterRules: parameterRules } },
  );
  m.call(registry, "setFactoryApproval", [factory, true], { id: "ApproveFactory" });
  return { factory };
}
