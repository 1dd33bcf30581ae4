/**
 * Deploys a Morpho Blue × Uniswap v3 leveraged vault on the local stack (long: WETH collateral /
 * USDC debt, or inverse: USDC collateral / WETH debt), with the shared infrastructure every vault
 * uses: the libraries it links (`UniswapV3MeanPrice`, `MorphoBlueInterest`) and the `LeveragedVaultGovernance` module it delegates
 * governance to (which links `ParameterRules`).
 */
import path from "node:path";

import { Contract, type InterfaceAbi, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { AaveV3LeveragedVault, ILeveragedVault, MorphoBlueLeveragedVault } from "../../types/ethers-contracts/index.js";
import { readVaultAbi } from "../../sdk/scripts/vault-artifacts.js";
import type { LocalStack, LocalStackWithAave } from "../stack/deploy-local-stack.js";
import { defaultParameters, type OracleParameters, type ParameterChoices, type RiskParameters, type VaultKind } from "./vault-parameters.js";

/** Contracts every vault on a chain shares: deployed once, reused by each vault. */
export interface VaultInfrastructure {
  /** The Uniswap v3 venue's time-weighted price (the price when a vault's feeds fail). */
  UniswapV3MeanPrice: string;
  /** The Aave v3 market's cap arithmetic (Aave vaults only). */
  AaveV3Capacity: string;
  MorphoBlueInterest: string;
  ParameterRules: string;
  LeveragedVaultGovernance: string;
}

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
}

export interface VaultDeployOptions extends ParameterChoices {
  kind?: VaultKind;
  owner?: string;
  guardian?: string;
  keeper?: string;
  sequencerFeed?: string;
  /** The vault's own ETH/USD feed, when it should not share the stack's (the Morpho market reads the stack's). */
  ethUsdFeed?: string;
  decimalsOffset?: number;
  signer?: Signer;
  /** Reuse already deployed shared infrastructure. */
  libraries?: VaultInfrastructure;
  risk?: Partial<RiskParameters>;
  oracle?: Partial<OracleParameters>;
}

/**
 * Deploys the shared infrastructure: the `UniswapV3MeanPrice`, `AaveV3Capacity`, `MorphoBlueInterest`
 * and `ParameterRules` libraries and the governance module.
 */
export async function deployVaultLibraries(ethers: HardhatEthers, signer?: Signer): Promise<VaultInfrastructure> {
  const deploy = async (name: string, libraries: Record<string, string> = {}) => {
    const contract = await (await ethers.getContractFactory(name, { signer, libraries })).deploy();
    await contract.waitForDeployment();
    return contract.getAddress();
  };
  const ParameterRules = await deploy("ParameterRules");
  return {
    UniswapV3MeanPrice: await deploy("UniswapV3MeanPrice"),
    AaveV3Capacity: await deploy("AaveV3Capacity"),
    MorphoBlueInterest: await deploy("MorphoBlueInterest"),
    ParameterRules,
    LeveragedVaultGovernance: await deploy("LeveragedVaultGovernance", { ParameterRules }),
  };
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
export function vaultLibraries(name: "MorphoBlueLeveragedVault" | "AaveV3LeveragedVault", libraries: VaultInfrastructure) {
  const common = { UniswapV3MeanPrice: libraries.UniswapV3MeanPrice };
  return name === "AaveV3LeveragedVault"
    ? { ...common, AaveV3Capacity: libraries.AaveV3Capacity }
    : { ...common, MorphoBlueInterest: libraries.MorphoBlueInterest };
}

/** What every vault's constructor gets besides its market and venue, from the stack and `options`. */
async function prepareVault(ethers: HardhatEthers, stack: LocalStack, options: VaultDeployOptions) {
  const kind = options.kind ?? "long";
  const signer = options.signer ?? stack.signer;
  const signerAddress = await signer.getAddress();
  const defaults = defaultParameters(kind, options);
  const risk = { ...defaults.risk, ...options.risk };
  const oracle = { ...defaults.oracle, ...options.oracle };
  const libraries = options.libraries ?? (await deployVaultLibraries(ethers, signer));

  const { weth, usdc } = stack.tokens;
  const long = kind === "long";
  const ethUsdFeed = options.ethUsdFeed ?? (await stack.feeds.ethUsd.getAddress());
  const usdcUsdFeed = await stack.feeds.usdcUsd.getAddress();
  const config = {
    name: long ? "Leveraged ETH 2x" : "Inverse ETH 2x",
    symbol: long ? "ETH2X" : "iETH2X",
    collateralToken: await (long ? weth : usdc).getAddress(),
    debtToken: await (long ? usdc : weth).getAddress(),
    collateralFeed: long ? ethUsdFeed : usdcUsdFeed,
    debtFeed: long ? usdcUsdFeed : ethUsdFeed,
    sequencerFeed: options.sequencerFeed ?? ethers.ZeroAddress,
    admin: options.owner ?? signerAddress,
    governance: libraries.LeveragedVaultGovernance,
    guardian: options.guardian ?? signerAddress,
    keeper: options.keeper ?? signerAddress,
    decimalsOffset: options.decimalsOffset ?? 6,
    risk,
    oracle,
  };
  const factory = async (name: "MorphoBlueLeveragedVault" | "AaveV3LeveragedVault") =>
    ethers.getContractFactory(name, { signer, libraries: vaultLibraries(name, libraries) });
  return { kind, signer, risk, oracle, libraries, config, factory };
}

/** A Morpho Blue × Uniswap v3 vault on the stack's Morpho market for `options.kind`. */
export async function deployMorphoBlueVault(
  ethers: HardhatEthers,
  stack: LocalStack,
  options: VaultDeployOptions = {},
): Promise<VaultDeployment> {
  const { kind, signer, risk, oracle, libraries, config, factory } = await prepareVault(ethers, stack, options);
  const market = kind === "long" ? stack.morpho.wethCollateralMarket : stack.morpho.usdcCollateralMarket;
  const deployed = await (await factory("MorphoBlueLeveragedVault")).deploy(
    config,
    await stack.morpho.morpho.getAddress(),
    market.params,
    await stack.uniswap.pool.getAddress(),
  );
  await deployed.waitForDeployment();
  const vault = await attachVault(ethers, await deployed.getAddress(), signer);
  return { vault, market: deployed as unknown as MorphoBlueLeveragedVault, kind, risk, oracle, libraries };
}

export interface AaveVaultDeployment extends Omit<VaultDeployment, "market"> {
  /** The same address as the concrete contract (Aave-specific views such as `aavePool()`). */
  market: AaveV3LeveragedVault;
}

/** An Aave v3 × Uniswap v3 vault on the stack's Aave pool (deployed with `deployLocalStack(ethers, { aave: true })`). */
export async function deployAaveV3Vault(
  ethers: HardhatEthers,
  stack: LocalStackWithAave,
  options: VaultDeployOptions = {},
): Promise<AaveVaultDeployment> {
  const { kind, signer, risk, oracle, libraries, config, factory } = await prepareVault(ethers, stack, options);
  const deployed = await (await factory("AaveV3LeveragedVault")).deploy(
    config,
    await stack.aave.pool.getAddress(),
    await stack.uniswap.pool.getAddress(),
  );
  await deployed.waitForDeployment();
  const vault = await attachVault(ethers, await deployed.getAddress(), signer);
  return { vault, market: deployed as unknown as AaveV3LeveragedVault, kind, risk, oracle, libraries };
}
