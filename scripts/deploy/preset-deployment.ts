/**
 * The steps of a preset deployment (`npm run deploy -- --network <preset> --pair --market`) that the
 * local one does not have: the Morpho Blue market (created with the project's oracle when it does
 * not exist, permissionlessly) and the record of it, read back by the next preflight.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { Signer } from "ethers";

import type { Pair } from "../networks/presets.js";
import type { PreflightResult } from "../preflight/run-preflight.js";
import { DEPLOYMENT_FILE, deploymentFolder } from "./records.js";

/** A Morpho Blue market a preset deployment created or used, as `deployment.json` records it. */
export interface MorphoMarketRecord {
  pair: Pair;
  id: string;
  params: { loanToken: string; collateralToken: string; oracle: string; irm: string; lltv: string };
  /** The project's `ChainlinkMorphoOracle` and its constructor arguments (for verification). */
  oracle: { address: string; constructorArguments: [string, string, number, number]; transactionHash?: string };
  /** The `createMarket` transaction, when this deployment created the market. */
  createdIn?: string;
}

/** The oracle of the Morpho market an earlier deployment recorded for `pair` on `network`. */
export async function readDeploymentMorphoOracle(network: string, pair: Pair, deploymentsDir?: string): Promise<string | undefined> {
  try {
    const record = JSON.parse(await readFile(path.join(deploymentFolder(network, deploymentsDir), DEPLOYMENT_FILE), "utf8")) as { morphoMarkets?: MorphoMarketRecord[] };
    return record.morphoMarkets?.find((market) => market.pair === pair)?.oracle.address;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure the Morpho market the preflight judged exists: deploys the project's oracle first when
 * the preflight predicted it (and checks it landed where predicted, since the market id depends on
 * it), then sends the preflight's `createMarket` call when the market is absent.
 */
export async function ensureMorphoMarket(ethers: HardhatEthers, deployer: Signer, preflight: PreflightResult, log: (line: string) => void): Promise<MorphoMarketRecord> {
  const market = preflight.facts.market;
  if (market.kind !== "morpho") throw new Error("ensureMorphoMarket: not a Morpho Blue deployment");
  const oracle: MorphoMarketRecord["oracle"] = { address: market.oracle.address, constructorArguments: market.oracle.constructorArguments };
  if (!market.oracle.deployed) {
    const factory = await ethers.getContractFactory("ChainlinkMorphoOracle", deployer);
    const deployed = await factory.deploy(...market.oracle.constructorArguments);
    await deployed.waitForDeployment();
    const address = await deployed.getAddress();
    if (address.toLowerCase() !== market.oracle.address.toLowerCase()) {
      throw new Error(`the Morpho oracle landed at ${address}, not at the preflight's ${market.oracle.address} (another transaction from the deployer came first); run the deploy again`);
    }
    oracle.transactionHash = deployed.deploymentTransaction()!.hash;
    log(`Morpho oracle ChainlinkMorphoOracle(${market.oracle.constructorArguments.join(", ")}) deployed at ${address}`);
  }
  const record: MorphoMarketRecord = {
    pair: preflight.request.pair,
    id: market.id,
    params: { ...market.params, lltv: market.params.lltv.toString() },
    oracle,
  };
  if (!market.exists) {
    const transaction = await deployer.sendTransaction({ to: market.createMarket!.to, data: market.createMarket!.data });
    await transaction.wait();
    record.createdIn = transaction.hash;
    log(`Morpho Blue market ${market.id} created (${transaction.hash})`);
  } else {
    log(`Morpho Blue market ${market.id} exists; using it`);
  }
  return record;
}
