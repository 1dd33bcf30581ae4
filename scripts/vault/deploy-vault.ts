/**
 * Deploys a Morpho Blue leveraged vault on the local stack (long: WETH collateral / USDC debt, or
 * inverse: USDC collateral / WETH debt), linking the external libraries it needs.
 */
import type { Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { MorphoBlueLeveragedVault } from "../../types/ethers-contracts/index.js";
import type { LocalStack } from "../stack/deploy-local-stack.js";
import { defaultParameters, type OracleParameters, type ParameterChoices, type RiskParameters, type VaultKind } from "./vault-parameters.js";

export interface VaultDeployment {
  vault: MorphoBlueLeveragedVault;
  kind: VaultKind;
  risk: RiskParameters;
  oracle: OracleParameters;
  libraries: { OracleReader: string; ParameterRules: string };
}

export interface VaultDeployOptions extends ParameterChoices {
  kind?: VaultKind;
  owner?: string;
  guardian?: string;
  keeper?: string;
  sequencerFeed?: string;
  /** The vault's own ETH/USD feed, when it should not share the stack's (the Morpho market reads the stack's). */
  ethUsdFeed?: string;
  /** Seconds risk-increasing parameter changes wait. Default one day. */
  parameterDelay?: number;
  decimalsOffset?: number;
  signer?: Signer;
  /** Reuse already deployed libraries. */
  libraries?: { OracleReader: string; ParameterRules: string };
  risk?: Partial<RiskParameters>;
  oracle?: Partial<OracleParameters>;
}

/** Deploys `OracleReader` and `ParameterRules`, the external libraries every vault links. */
export async function deployVaultLibraries(ethers: HardhatEthers, signer?: Signer) {
  const deploy = async (name: string) => {
    const contract = await (await ethers.getContractFactory(name, signer)).deploy();
    await contract.waitForDeployment();
    return contract.getAddress();
  };
  return { OracleReader: await deploy("OracleReader"), ParameterRules: await deploy("ParameterRules") };
}

export async function deployMorphoBlueVault(
  ethers: HardhatEthers,
  stack: LocalStack,
  options: VaultDeployOptions = {},
): Promise<VaultDeployment> {
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
  const market = long ? stack.morpho.wethCollateralMarket : stack.morpho.usdcCollateralMarket;
  const config = {
    name: long ? "Leveraged ETH 2x" : "Inverse ETH 2x",
    symbol: long ? "ETH2X" : "iETH2X",
    collateralToken: await (long ? weth : usdc).getAddress(),
    debtToken: await (long ? usdc : weth).getAddress(),
    pool: await stack.uniswap.pool.getAddress(),
    collateralFeed: long ? ethUsdFeed : usdcUsdFeed,
    debtFeed: long ? usdcUsdFeed : ethUsdFeed,
    sequencerFeed: options.sequencerFeed ?? ethers.ZeroAddress,
    admin: options.owner ?? signerAddress,
    guardian: options.guardian ?? signerAddress,
    keeper: options.keeper ?? signerAddress,
    parameterDelay: options.parameterDelay ?? 86_400,
    decimalsOffset: options.decimalsOffset ?? 6,
    risk,
    oracle,
  };
  const factory = await ethers.getContractFactory("MorphoBlueLeveragedVault", { signer, libraries });
  const vault = (await factory.deploy(config, await stack.morpho.morpho.getAddress(), market.params)) as unknown as MorphoBlueLeveragedVault;
  await vault.waitForDeployment();
  return { vault, kind, risk, oracle, libraries };
}
