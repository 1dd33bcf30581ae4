/**
 * Creates leveraged vaults on the local stack through the project's factories, the one way vaults
 * are deployed (tests, demo, benches and `npm run deploy` alike): long (WETH collateral / USDC debt)
 * or inverse (USDC collateral / WETH debt), on Morpho Blue or Aave v3, each trading on the stack's
 * Uniswap v3 pool. `deployVaultInfrastructure` deploys what every vault on a chain shares once: the
 * libraries the vaults link (`UniswapV3MeanPrice`, `MorphoBlueInterest`, `AaveV3Capacity`), the
 * `ParameterRules` library, the `LeveragedVaultGovernance` module, the `VaultRegistry` and one
 * factory per kind, approved in the registry.
 */
import path from "node:path";

import { Contract, type InterfaceAbi, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type {
  AaveV3LeveragedVault,
  CreationCodeWriter,
  ILeveragedVault,
  MorphoBlueLeveragedVault,
  MorphoBlueVaultFactory,
  VaultAutomationAdapter,
  VaultRegistry,
} from "../../types/ethers-contracts/index.js";
import { readVaultAbi } from "../../sdk/scripts/vault-artifacts.js";
import { stackAddresses, type LocalStack, type LocalStackWithAave } from "../stack/deploy-local-stack.js";
import { localVaultRequest, type LocalVaultOptions } from "./local-vault-request.js";
import type { OracleParameters, RiskParameters, VaultKind } from "./vault-parameters.js";
import { createVault, nextSalt, type VaultMarket } from "./vault-request.js";

/** Contracts every vault on a chain shares: deployed once, reused by each vault. */
export interface VaultInfrastructure {
  /** The Uniswap v3 venue's time-weighted price (the price when a vault's feeds fail). */
  UniswapV3MeanPrice: string;
  /** The Aave v3 market's cap arithmetic (Aave vaults only). */
  AaveV3Capacity: string;
  MorphoBlueInterest: string;
  ParameterRules: string;
  LeveragedVaultGovernance: string;
  /** The chain's list of vaults. */
  VaultRegistry: string;
  /** Creates Morpho Blue × Uniswap v3 vaults. */
  MorphoBlueVaultFactory: string;
  /** Creates Aave v3 × Uniswap v3 vaults (only where the stack has Aave v3). */
  AaveV3VaultFactory?: string;
}

/** The protocol contracts the factories pin. */
export interface FactoryProtocols {
  uniswapV3Factory: string;
  morpho: string;
  /** The Aave v3 pool proxy; without it no Aave factory is deployed. */
  aavePool?: string;
}

/** The two concrete vault contracts, by the name of their artifact. */
export type VaultContractName = "MorphoBlueLeveragedVault" | "AaveV3LeveragedVault";

export interface VaultDeployment {
  /**
   * The vault through its whole interface (`ILeveragedVault`: core plus governance, which the vault
   * runs in its governance module), with the concrete contract's errors (OpenZeppelin's) added.
   */
  vault: ILeveragedVault;
  /** The same address as the concrete contract (Morpho-specific views such as `marketParams()`). */
  market: MorphoBlueLeveragedVault;
  kind: VaultKind;
  risk: RiskParameters;
  oracle: OracleParameters;
  libraries: VaultInfrastructure;
  /** The vault's owner: the given one, or the timelock the factory deployed. */
  owner: string;
  /** Its Chainlink Automation adapter, when one was asked for (`automationAdapterOwner`). */
  automationAdapter?: string;
  /** The block the factory created it in. */
  blockNumber: number;
}

export interface VaultDeployOptions extends LocalVaultOptions {
  signer?: Signer;
  /** Reuse already deployed shared infrastructure. */
  libraries?: VaultInfrastructure;
}

/** The protocol addresses a local stack gives the factories. */
export async function stackProtocols(stack: LocalStack): Promise<FactoryProtocols> {
  return {
    uniswapV3Factory: await stack.uniswap.factory.getAddress(),
    morpho: await stack.morpho.morpho.getAddress(),
    ...(stack.aave ? { aavePool: await stack.aave.pool.getAddress() } : {}),
  };
}

/**
 * Deploys the shared infrastructure for the protocols of `stack` (or the given addresses): the
 * libraries, the governance module, the registry (owned by the signer) and a factory per kind the
 * chain has, each approved in the registry.
 */
export async function deployVaultInfrastructure(
  ethers: HardhatEthers,
  protocols: LocalStack | FactoryProtocols,
  signer?: Signer,
): Promise<VaultInfrastructure> {
  const addresses = "uniswap" in protocols ? await stackProtocols(protocols) : protocols;
  const account = signer ?? (await ethers.getSigners())[0]!;
  const deploy = async (name: string, args: unknown[] = [], libraries: Record<string, string> = {}) => {
    const contract = await (await ethers.getContractFactory(name, { signer: account, libraries })).deploy(...args);
    await contract.waitForDeployment();
    return contract.getAddress();
  };
  const ParameterRules = await deploy("ParameterRules");
  const libraries = {
    UniswapV3MeanPrice: await deploy("UniswapV3MeanPrice"),
    AaveV3Capacity: await deploy("AaveV3Capacity"),
    MorphoBlueInterest: await deploy("MorphoBlueInterest"),
    ParameterRules,
    LeveragedVaultGovernance: await deploy("LeveragedVaultGovernance", [], { ParameterRules }),
  };
  const VaultRegistry = await deploy("VaultRegistry", [await account.getAddress()]);
  const writer = (await ethers.getContractAt("CreationCodeWriter", await deploy("CreationCodeWriter"), account)) as unknown as CreationCodeWriter;
  const common = [VaultRegistry, libraries.LeveragedVaultGovernance, addresses.uniswapV3Factory];
  const MorphoBlueVaultFactory = await deploy(
    "MorphoBlueVaultFactory",
    [...common, addresses.morpho, await writeCreationCode(writer, await vaultCreationCode(ethers, "MorphoBlueLeveragedVault", libraries))],
    { ParameterRules },
  );
  const AaveV3VaultFactory = addresses.aavePool
    ? await deploy(
        "AaveV3VaultFactory",
        [...common, addresses.aavePool, await writeCreationCode(writer, await vaultCreationCode(ethers, "AaveV3LeveragedVault", libraries))],
        { ParameterRules },
      )
    : undefined;
  const registry = (await ethers.getContractAt("VaultRegistry", VaultRegistry, account)) as unknown as VaultRegistry;
  for (const factory of [MorphoBlueVaultFactory, AaveV3VaultFactory]) {
    if (factory) await (await registry.setFactoryApproval(factory, true)).wait();
  }
  return { ...libraries, VaultRegistry, MorphoBlueVaultFactory, ...(AaveV3VaultFactory ? { AaveV3VaultFactory } : {}) };
}

/** Writes `code` into data contracts through `writer` and returns their addresses, for a factory's constructor. */
export async function writeCreationCode(writer: CreationCodeWriter, code: string): Promise<string[]> {
  const chunks = await writer.write.staticCall(code);
  await (await writer.write(code)).wait();
  return [...chunks];
}

/** A concrete vault's creation code with its libraries linked: what its factory keeps and deploys. */
export async function vaultCreationCode(
  ethers: HardhatEthers,
  name: VaultContractName,
  libraries: Pick<VaultInfrastructure, "UniswapV3MeanPrice" | "AaveV3Capacity" | "MorphoBlueInterest">,
): Promise<string> {
  return (await ethers.getContractFactory(name, { libraries: vaultLibraries(name, libraries) })).bytecode;
}

const repositoryRoot = path.join(import.meta.dirname, "..", "..");
let vaultAbiRead: Promise<InterfaceAbi> | undefined;

/**
 * The vault's whole ABI, exactly as the SDK generates it (`readVaultAbi`): `ILeveragedVault` plus the
 * OpenZeppelin errors of the core and the governance module. Read once per process.
 */
function vaultAbi(): Promise<InterfaceAbi> {
  vaultAbiRead ??= readVaultAbi(repositoryRoot) as Promise<InterfaceAbi>;
  return vaultAbiRead;
}

/** The vault at `address` through its whole interface (see `vaultAbi`). */
export async function attachVault(ethers: HardhatEthers, address: string, signer?: Signer): Promise<ILeveragedVault> {
  return new Contract(address, await vaultAbi(), signer ?? (await ethers.getSigners())[0]) as unknown as ILeveragedVault;
}

/** The libraries a concrete vault links, out of the shared infrastructure. */
export function vaultLibraries(
  name: VaultContractName,
  libraries: Pick<VaultInfrastructure, "UniswapV3MeanPrice" | "AaveV3Capacity" | "MorphoBlueInterest">,
) {
  const common = { UniswapV3MeanPrice: libraries.UniswapV3MeanPrice };
  return name === "AaveV3LeveragedVault"
    ? { ...common, AaveV3Capacity: libraries.AaveV3Capacity }
    : { ...common, MorphoBlueInterest: libraries.MorphoBlueInterest };
}

/** Creates the vault `localVaultRequest` describes for `options` through the factory of `market`. */
async function prepareVault(ethers: HardhatEthers, stack: LocalStack, market: VaultMarket, options: VaultDeployOptions) {
  const signer = options.signer ?? stack.signer;
  const libraries = options.libraries ?? (await deployVaultInfrastructure(ethers, stack, signer));
  const request = localVaultRequest(await stackAddresses(stack), market, await signer.getAddress(), options);
  const created = await createVault(ethers, libraries, request, signer);
  return {
    vault: await attachVault(ethers, created.vault, signer),
    kind: options.kind ?? "long",
    risk: request.risk,
    oracle: request.oracle,
    libraries,
    owner: created.owner,
    ...(created.automationAdapter ? { automationAdapter: created.automationAdapter } : {}),
    blockNumber: created.blockNumber,
    signer,
  };
}

/** A Morpho Blue × Uniswap v3 vault on the stack's Morpho market for `options.kind`, created by the factory. */
export async function deployMorphoBlueVault(
  ethers: HardhatEthers,
  stack: LocalStack,
  options: VaultDeployOptions = {},
): Promise<VaultDeployment> {
  const { signer, ...deployment } = await prepareVault(ethers, stack, "morpho", options);
  const market = (await ethers.getContractAt("MorphoBlueLeveragedVault", await deployment.vault.getAddress(), signer)) as unknown as MorphoBlueLeveragedVault;
  return { ...deployment, market };
}

export interface AaveVaultDeployment extends Omit<VaultDeployment, "market"> {
  /** The same address as the concrete contract (Aave-specific views such as `aavePool()`). */
  market: AaveV3LeveragedVault;
}

/** An Aave v3 × Uniswap v3 vault on the stack's Aave pool (deployed with `deployLocalStack(ethers, { aave: true })`), created by the factory. */
export async function deployAaveV3Vault(
  ethers: HardhatEthers,
  stack: LocalStackWithAave,
  options: VaultDeployOptions = {},
): Promise<AaveVaultDeployment> {
  const { signer, ...deployment } = await prepareVault(ethers, stack, "aave", options);
  const market = (await ethers.getContractAt("AaveV3LeveragedVault", await deployment.vault.getAddress(), signer)) as unknown as AaveV3LeveragedVault;
  return { ...deployment, market };
}

/**
 * Deploys a `VaultAutomationAdapter` owned by `owner` for an already listed vault, through the factory
 * that created the vault (the registry records it). The vault's owner still has to make it a keeper.
 */
export async function createAutomationAdapter(
  ethers: HardhatEthers,
  deployment: Pick<VaultDeployment, "vault" | "libraries">,
  owner: Signer,
  salt = nextSalt(),
): Promise<VaultAutomationAdapter> {
  const vaultAddress = await deployment.vault.getAddress();
  const registry = (await ethers.getContractAt("VaultRegistry", deployment.libraries.VaultRegistry, owner)) as unknown as VaultRegistry;
  const { factory: factoryAddress } = await registry.vaultRecord(vaultAddress);
  const factory = (await ethers.getContractAt("MorphoBlueVaultFactory", factoryAddress, owner)) as unknown as MorphoBlueVaultFactory;
  const ownerAddress = await owner.getAddress();
  const adapter = await factory.predictAutomationAdapterAddress(vaultAddress, ownerAddress, salt);
  await (await factory.createAutomationAdapter(vaultAddress, ownerAddress, salt)).wait();
  return (await ethers.getContractAt("VaultAutomationAdapter", adapter, owner)) as unknown as VaultAutomationAdapter;
}
