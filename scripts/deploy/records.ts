/**
 * What a deployment leaves on disk, per network, in `deployments/<network>/` (the
 * `DEPLOYMENTS_DIR` environment variable or `--deployments` moves the parent folder):
 *
 * - `deployment.json`: the chain, the protocols the factories pin, the shared infrastructure
 *   (registry, factories, libraries), every vault created through them (appended by
 *   `npm run vault:create`) and, on a local stack, the Multicall3 it installs;
 * - `keeper.config.json`: a keeper config that finds the vaults from the registry.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import { attachVault, type FactoryProtocols } from "../vault/deploy-vault.js";
import type { CreatedVault, VaultMarket } from "../vault/vault-request.js";
import type { DeployedInfrastructure } from "./infrastructure.js";
import type { MorphoMarketRecord } from "./preset-deployment.js";

export interface DeployedVaultRecord {
  vault: string;
  /** The lending market (its factory). */
  kind: VaultMarket;
  name: string;
  symbol: string;
  asset: string;
  debtToken: string;
  /** The vault's owner: schedule owner actions here (a timelock), or the given account. */
  owner: string;
  /** The owner's minimum delay in seconds, when the owner is a `TimelockController`. */
  timelockDelay?: number;
  automationAdapter?: string;
  blockNumber: number;
  transactionHash: string;
}

export interface DeploymentRecord {
  chainId: number;
  network: string;
  ignitionDeploymentId: string;
  protocols: FactoryProtocols;
  infrastructure: DeployedInfrastructure;
  vaults: DeployedVaultRecord[];
  /** The chain's Multicall3 when it is not viem's (the local stack's aggregator); the indexer reads through it. */
  multicall3?: string;
  /** A preset deployment's Morpho Blue markets (created or found), read back by the next preflight. */
  morphoMarkets?: MorphoMarketRecord[];
}

export const DEPLOYMENT_FILE = "deployment.json";
export const KEEPER_CONFIG_FILE = "keeper.config.json";

/** `deployments/<network>` under `DEPLOYMENTS_DIR` or `root/deployments`. */
export function deploymentFolder(networkName: string, deploymentsDir?: string): string {
  const root = path.join(import.meta.dirname, "..", "..");
  return path.join(deploymentsDir ?? process.env.DEPLOYMENTS_DIR ?? path.join(root, "deployments"), networkName);
}

export async function readDeployment(folder: string): Promise<DeploymentRecord> {
  const file = path.join(folder, DEPLOYMENT_FILE);
  try {
    return JSON.parse(await readFile(file, "utf8")) as DeploymentRecord;
  } catch (error) {
    throw new Error(`cannot read ${file} (run npm run deploy for this network first): ${(error as Error).message}`);
  }
}

export async function writeDeployment(folder: string, record: DeploymentRecord): Promise<string> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, DEPLOYMENT_FILE);
  await writeFile(file, JSON.stringify(record, null, 2) + "\n");
  return file;
}

/** The record of a vault `createVault` just created, with what the chain says of it. */
export async function describeCreatedVault(ethers: HardhatEthers, created: CreatedVault): Promise<DeployedVaultRecord> {
  const vault = await attachVault(ethers, created.vault);
  let timelockDelay: number | undefined;
  if ((await ethers.provider.getCode(created.owner)) !== "0x") {
    const timelock = await ethers.getContractAt("TimelockController", created.owner);
    timelockDelay = Number(await timelock.getMinDelay().catch(() => -1n));
    if (timelockDelay < 0) timelockDelay = undefined;
  }
  return {
    vault: created.vault,
    kind: created.kind,
    name: await vault.name(),
    symbol: await vault.symbol(),
    asset: await vault.asset(),
    debtToken: await vault.debtToken(),
    owner: created.owner,
    ...(timelockDelay === undefined ? {} : { timelockDelay }),
    ...(created.automationAdapter ? { automationAdapter: created.automationAdapter } : {}),
    blockNumber: created.blockNumber,
    transactionHash: created.transactionHash,
  };
}

/**
 * A keeper config for the deployment: it finds the vaults from the registry (new ones too, while it
 * runs). The RPC URL is written for a local node only; a real network's stays a secret the keeper
 * reads from `KEEPER_RPC_URL`.
 */
export function keeperConfigFor(record: DeploymentRecord, rpcUrl?: string) {
  return {
    ...(rpcUrl ? { rpc: { write: rpcUrl } } : {}),
    chainId: record.chainId,
    registry: { address: record.infrastructure.VaultRegistry },
    signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
    lockFile: `keeper-${record.network}.lock`,
    metrics: { port: 9464, host: "127.0.0.1", healthMaxAgeSeconds: 120 },
  };
}

export async function writeKeeperConfig(folder: string, record: DeploymentRecord, rpcUrl?: string): Promise<string> {
  const file = path.join(folder, KEEPER_CONFIG_FILE);
  await writeFile(file, JSON.stringify(keeperConfigFor(record, rpcUrl), null, 2) + "\n");
  return file;
}
