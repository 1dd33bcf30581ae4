/**
 * The dApp's chain config (`VITE_LEVERAGED_VAULT_CHAINS`, app/src/config/chains.ts) from the
 * deployments `npm run deploy` wrote: one entry per `deployments/<network>/deployment.json`, with
 * the network's registry. The name and the public RPC URL are viem's for the chain id (a browser
 * reads them, so never the operator's keyed RPC); `rpcUrls` overrides them per network.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";

import type { Chain } from "viem";
import * as viemChains from "viem/chains";

import { parseChains, type AppChain } from "../../app/src/config/chains.js";
import { DEPLOYMENT_FILE, readDeployment, type DeploymentRecord } from "../deploy/records.js";

const KNOWN_CHAINS = Object.values(viemChains) as Chain[];

/** One chain entry for a deployment: its registry, and viem's name and public RPC for its chain id. */
export function appChainFor(record: DeploymentRecord, rpcUrl?: string): AppChain {
  const known = KNOWN_CHAINS.find((chain) => chain.id === record.chainId);
  const url = rpcUrl ?? (record.chainId === 31337 ? "http://127.0.0.1:8545" : known?.rpcUrls.default.http[0]);
  if (!url) throw new Error(`deployments/${record.network}: chain ${record.chainId} has no public RPC URL that viem knows; give one with --rpc ${record.network}=<url>`);
  const name = record.chainId === 31337 ? "Local chain" : (known?.name ?? record.network);
  return { chainId: record.chainId, name, rpcUrl: url, registry: record.infrastructure.VaultRegistry as AppChain["registry"] };
}

/**
 * Every deployment under `deploymentsDir`, as the page's chain config, checked by the page's own
 * parser (so a config this prints is one the page accepts). `rpcUrls` maps network names to URLs.
 */
export async function appChainsFromDeployments(deploymentsDir: string, rpcUrls: Record<string, string> = {}): Promise<AppChain[]> {
  const entries = await readdir(deploymentsDir, { withFileTypes: true }).catch(() => []);
  const networks: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(deploymentsDir, entry.name));
    if (files.includes(DEPLOYMENT_FILE)) networks.push(entry.name);
  }
  if (networks.length === 0) throw new Error(`no deployments under ${deploymentsDir} (run npm run deploy first)`);
  for (const network of Object.keys(rpcUrls)) {
    if (!networks.includes(network)) throw new Error(`--rpc names ${network}, which has no deployment under ${deploymentsDir} (found ${networks.join(", ")})`);
  }
  const chains: AppChain[] = [];
  for (const network of networks.sort()) chains.push(appChainFor(await readDeployment(path.join(deploymentsDir, network)), rpcUrls[network]));
  return parseChains(JSON.stringify(chains));
}
