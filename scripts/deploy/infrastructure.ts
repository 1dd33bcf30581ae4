/**
 * Deploys what every vault on a chain shares, with Hardhat Ignition, once per chain: the
 * `VaultInfrastructure` module (libraries, governance module, registry, code writer), then a factory
 * module per lending market the chain has (`MorphoBlueVaultFactory`; `AaveV3VaultFactory` with an
 * Aave pool), each approved in the registry. Between the two steps it links each vault's creation
 * code with the libraries just deployed; the factory modules take it and the shared addresses as
 * parameters. Re-running it with the same
 * deployment id resumes or does nothing, as Ignition does.
 */
import type { network } from "hardhat";

import AaveV3VaultFactoryModule from "../../ignition/modules/AaveV3VaultFactory.js";
import MorphoBlueVaultFactoryModule from "../../ignition/modules/MorphoBlueVaultFactory.js";
import VaultInfrastructureModule from "../../ignition/modules/VaultInfrastructure.js";
import { vaultCreationCode, type FactoryProtocols, type VaultInfrastructure } from "../vault/deploy-vault.js";

export type Connection = Awaited<ReturnType<typeof network.getOrCreate>>;

/** The shared infrastructure as Ignition deployed it, with the code writer the factories used. */
export type DeployedInfrastructure = VaultInfrastructure & { CreationCodeWriter: string };

export async function deployInfrastructure(connection: Connection, protocols: FactoryProtocols, deploymentId: string): Promise<DeployedInfrastructure> {
  const { ignition, ethers } = connection;
  const options = { deploymentId, displayUi: false } as const;
  const shared = await ignition.deploy(VaultInfrastructureModule, options);
  const libraries = {
    UniswapV3MeanPrice: await shared.uniswapV3MeanPrice.getAddress(),
    MorphoBlueInterest: await shared.morphoBlueInterest.getAddress(),
    AaveV3Capacity: await shared.aaveV3Capacity.getAddress(),
  };
  const infrastructure = {
    registry: await shared.registry.getAddress(),
    governance: await shared.governance.getAddress(),
    parameterRules: await shared.parameterRules.getAddress(),
    creationCodeWriter: await shared.creationCodeWriter.getAddress(),
    uniswapV3Factory: protocols.uniswapV3Factory,
  };
  const { factory: morphoFactory } = await ignition.deploy(MorphoBlueVaultFactoryModule, {
    ...options,
    parameters: {
      MorphoBlueVaultFactory: {
        ...infrastructure,
        morpho: protocols.morpho,
        vaultCreationCode: await vaultCreationCode(ethers, "MorphoBlueLeveragedVault", libraries),
      },
    },
  });
  const aaveFactory = protocols.aavePool
    ? (
        await ignition.deploy(AaveV3VaultFactoryModule, {
          ...options,
          parameters: {
            AaveV3VaultFactory: {
              ...infrastructure,
              aavePool: protocols.aavePool,
              vaultCreationCode: await vaultCreationCode(ethers, "AaveV3LeveragedVault", libraries),
            },
          },
        })
      ).factory
    : undefined;
  return {
    ...libraries,
    ParameterRules: infrastructure.parameterRules,
    LeveragedVaultGovernance: infrastructure.governance,
    VaultRegistry: infrastructure.registry,
    CreationCodeWriter: infrastructure.creationCodeWriter,
    MorphoBlueVaultFactory: await morphoFactory.getAddress(),
    ...(aaveFactory ? { AaveV3VaultFactory: await aaveFactory.getAddress() } : {}),
  };
}
