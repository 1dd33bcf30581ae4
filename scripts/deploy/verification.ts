/**
 * Source verification of a deployment: what `@nomicfoundation/hardhat-verify` is given for every
 * deployed contract (fully qualified name, address, constructor arguments, linked libraries).
 *
 * - The infrastructure Ignition deployed (libraries, governance module, registry, code writer,
 *   factories): from Ignition's own journal (`getVerificationInformation`, what `hardhat ignition
 *   verify` submits).
 * - The Morpho oracle, each vault and its timelock: from the deployment, since the factory creates the
 *   last two. A vault's libraries are checked against the chain: its linked creation code must hash to
 *   its factory's `vaultCreationCodeHash()`.
 *
 * Every deploy writes the plan (`verification.json`, the dry run); `--verify` also submits it.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { getVerificationInformation } from "@nomicfoundation/ignition-core";
import { keccak256 } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { vaultCreationCode, vaultLibraries, type VaultContractName } from "../vault/deploy-vault.js";
import { factoryArguments, type VaultRequest } from "../vault/vault-request.js";
import type { MorphoMarketRecord } from "./preset-deployment.js";
import type { DeployedVaultRecord, DeploymentRecord } from "./records.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export interface VerificationEntry {
  /** `<source name>:<contract name>`, as hardhat-verify takes it. */
  contract: string;
  address: string;
  constructorArgs: unknown[];
  /** Library name (fully qualified) to address. */
  libraries: Record<string, string>;
  /** Who deployed it: Ignition, the factory, or the deploy script. */
  deployedBy: "ignition" | "factory" | "deploy";
}

export interface VerificationPlan {
  entries: VerificationEntry[];
  /** Contracts Ignition deployed from artifacts it cannot verify (none expected). */
  skipped: string[];
  /** Checks the dry run made against the chain. */
  checks: string[];
}

const LIBRARY_SOURCES: Record<string, string> = {
  UniswapV3MeanPrice: "contracts/venues/UniswapV3MeanPrice.sol:UniswapV3MeanPrice",
  MorphoBlueInterest: "contracts/markets/MorphoBlueInterest.sol:MorphoBlueInterest",
  AaveV3Capacity: "contracts/markets/AaveV3Capacity.sol:AaveV3Capacity",
};

const VAULT_SOURCES: Record<VaultContractName, string> = {
  MorphoBlueLeveragedVault: "contracts/markets/MorphoBlueLeveragedVault.sol:MorphoBlueLeveragedVault",
  AaveV3LeveragedVault: "contracts/markets/AaveV3LeveragedVault.sol:AaveV3LeveragedVault",
};

export interface VerificationInput {
  ethers: HardhatEthers;
  /** `ignition/deployments/<deployment id>`. */
  ignitionDeploymentDir: string;
  record: DeploymentRecord;
  /** The vault requests, in the order of `record.vaults`. */
  requests: VaultRequest[];
  morphoMarket?: MorphoMarketRecord;
}

export async function verificationPlan(input: VerificationInput): Promise<VerificationPlan> {
  const { ethers, record } = input;
  const plan: VerificationPlan = { entries: [], skipped: [], checks: [] };
  for await (const info of getVerificationInformation(input.ignitionDeploymentDir)) {
    if (typeof info === "string") plan.skipped.push(info);
    else plan.entries.push({ contract: info.contract, address: info.address, constructorArgs: info.constructorArgs, libraries: info.libraries, deployedBy: "ignition" });
  }
  if (input.morphoMarket?.oracle.transactionHash) {
    plan.entries.push({
      contract: "contracts/oracles/ChainlinkMorphoOracle.sol:ChainlinkMorphoOracle",
      address: input.morphoMarket.oracle.address,
      constructorArgs: input.morphoMarket.oracle.constructorArguments,
      libraries: {},
      deployedBy: "deploy",
    });
  }
  for (const [index, vault] of record.vaults.entries()) {
    const request = input.requests[index];
    if (!request) continue;
    plan.entries.push(...(await vaultEntries(ethers, record, vault, request, plan.checks)));
  }
  return plan;
}

async function vaultEntries(ethers: HardhatEthers, record: DeploymentRecord, vault: DeployedVaultRecord, request: VaultRequest, checks: string[]): Promise<VerificationEntry[]> {
  const name: VaultContractName = vault.kind === "aave" ? "AaveV3LeveragedVault" : "MorphoBlueLeveragedVault";
  const infrastructure = record.infrastructure;
  const libraries = vaultLibraries(name, infrastructure);
  const { spec, owner } = factoryArguments(request);
  const constructorArgs =
    vault.kind === "aave"
      ? [spec, vault.owner, infrastructure.LeveragedVaultGovernance, record.protocols.aavePool, request.pool]
      : [spec, vault.owner, infrastructure.LeveragedVaultGovernance, record.protocols.morpho, request.market, request.pool];

  const factoryAddress = vault.kind === "aave" ? infrastructure.AaveV3VaultFactory! : infrastructure.MorphoBlueVaultFactory;
  const factory = await ethers.getContractAt(vault.kind === "aave" ? "AaveV3VaultFactory" : "MorphoBlueVaultFactory", factoryAddress);
  const onChain = (await factory.getFunction("vaultCreationCodeHash")()) as string;
  const linked = keccak256(await vaultCreationCode(ethers, name, infrastructure));
  if (linked !== onChain) throw new Error(`${name} linked with ${JSON.stringify(libraries)} hashes to ${linked}, but its factory ${factoryAddress} deploys ${onChain}`);
  checks.push(`${vault.symbol}: ${name} linked with ${Object.keys(libraries).join(", ")} hashes to the factory's vaultCreationCodeHash ${onChain}`);

  const entries: VerificationEntry[] = [
    {
      contract: VAULT_SOURCES[name],
      address: vault.vault,
      constructorArgs,
      libraries: Object.fromEntries(Object.entries(libraries).map(([library, address]) => [LIBRARY_SOURCES[library]!, address])),
      deployedBy: "factory",
    },
  ];
  if (owner.owner === ZERO_ADDRESS) {
    entries.push({
      contract: "@openzeppelin/contracts/governance/TimelockController.sol:TimelockController",
      address: vault.owner,
      constructorArgs: [owner.timelockDelay, owner.proposers, owner.executors, ZERO_ADDRESS],
      libraries: {},
      deployedBy: "factory",
    });
  }
  return entries;
}

/** Writes the plan to `folder/verification.json` (bigints as decimal strings). */
export async function writeVerificationPlan(folder: string, plan: VerificationPlan): Promise<string> {
  const file = path.join(folder, "verification.json");
  await writeFile(file, JSON.stringify(plan, (_key, value) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n");
  return file;
}

/** The configuration variable of the explorer API key (hardhat.config.ts `verify.etherscan.apiKey`). */
export const EXPLORER_API_KEY_VARIABLE = "ETHERSCAN_API_KEY";

/** Why verification cannot be submitted (a missing key, a missing plan), naming what to set or run. */
export class VerificationConfigError extends Error {
  override name = "VerificationConfigError";
}

/**
 * A Hardhat runtime whose default network is `networkName`. hardhat-verify verifies on the runtime's
 * default network (`network.create()`), and a script run with Node has none of its own: without this
 * it would verify against the in-process chain, which it refuses.
 */
export async function verificationRuntime(networkName: string): Promise<HardhatRuntimeEnvironment> {
  const { createHardhatRuntimeEnvironment, importUserConfig, resolveHardhatConfigPath } = await import("hardhat/hre");
  const configPath = await resolveHardhatConfigPath();
  const userConfig = await importUserConfig(configPath);
  return createHardhatRuntimeEnvironment(userConfig, { config: configPath, network: networkName }, path.dirname(configPath));
}

/** Throws {@link VerificationConfigError} unless the explorer API key resolves (keystore or environment). */
export async function requireExplorerApiKey(hre: HardhatRuntimeEnvironment): Promise<void> {
  let key = "";
  try {
    key = await hre.config.verify.etherscan.apiKey.get();
  } catch {
    key = "";
  }
  if (key.trim() === "") {
    throw new VerificationConfigError(
      `--verify needs an explorer API key: set ${EXPLORER_API_KEY_VARIABLE} (npx hardhat keystore set ${EXPLORER_API_KEY_VARIABLE}, or the environment); nothing was sent`,
    );
  }
}

/**
 * Submits every entry of the plan through hardhat-verify on `networkName` (already verified
 * contracts are skipped by hardhat-verify). The first failure stops the run and names the contract;
 * `npm run verify -- --network <network>` resubmits the plan the deploy wrote.
 */
export async function submitVerification(plan: VerificationPlan, hre: HardhatRuntimeEnvironment, log: (line: string) => void): Promise<void> {
  const { verifyContract } = await import("@nomicfoundation/hardhat-verify/verify");
  for (const entry of plan.entries) {
    try {
      await verifyContract({ address: entry.address, constructorArgs: entry.constructorArgs, libraries: entry.libraries, contract: entry.contract }, hre);
    } catch (error) {
      throw new Error(`verifying ${entry.contract} at ${entry.address} failed: ${(error as Error).message}`, { cause: error });
    }
    log(`Verified ${entry.contract} at ${entry.address}`);
  }
}

/** Reads `folder/verification.json`, as {@link writeVerificationPlan} wrote it. */
export async function readVerificationPlan(folder: string): Promise<VerificationPlan> {
  const file = path.join(folder, "verification.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new VerificationConfigError(`no verification plan at ${file}: deploy to this network first (npm run deploy -- --network <network> ...)`);
  }
  return JSON.parse(text) as VerificationPlan;
}
