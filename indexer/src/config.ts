/**
 * The indexer's settings, from the environment, validated with the field named in every error. A
 * deployment record (`deployments/<network>/deployment.json`, written by `npm run deploy`) gives the
 * chain id, the registry and the block to start from; each can also be set on its own.
 *
 *   INDEXER_RPC_URL          JSON-RPC endpoint (required)
 *   INDEXER_DEPLOYMENT       path of a deployment.json (chain id, registry, start block)
 *   INDEXER_CHAIN_ID         chain id (overrides the deployment's)
 *   INDEXER_REGISTRY         VaultRegistry address (overrides the deployment's)
 *   INDEXER_START_BLOCK      first block to index (default: the deployment's, else 0)
 *   INDEXER_SNAPSHOT_BLOCKS  blocks between NAV and leverage snapshots (default 100)
 *   INDEXER_POLLING_MS       how often to poll for new blocks (default 1000)
 *   INDEXER_PGLITE_DIR       embedded database directory (default .ponder/pglite); DATABASE_URL selects PostgreSQL
 *   INDEXER_MULTICALL3       the Multicall3 (aggregate3) the snapshots read through (default: the
 *                            deployment's `multicall3`, else viem's chain definition's)
 */
import { readFileSync } from "node:fs";
import type { Chain } from "viem";
import * as viemChains from "viem/chains";
import { z } from "zod";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");
const positiveInteger = z.coerce.number().int().positive();

const environment = z.object({
  INDEXER_RPC_URL: z.string().url("must be an http(s) or ws(s) URL"),
  INDEXER_DEPLOYMENT: z.string().min(1).optional(),
  INDEXER_CHAIN_ID: positiveInteger.optional(),
  INDEXER_REGISTRY: address.optional(),
  INDEXER_START_BLOCK: z.coerce.number().int().nonnegative().optional(),
  INDEXER_SNAPSHOT_BLOCKS: positiveInteger.default(100),
  INDEXER_POLLING_MS: positiveInteger.default(1000),
  INDEXER_PGLITE_DIR: z.string().min(1).optional(),
  INDEXER_MULTICALL3: address.optional(),
});

/** The fields of `deployment.json` the indexer reads. */
const deploymentRecord = z.object({
  chainId: positiveInteger,
  infrastructure: z.object({ VaultRegistry: address }),
  vaults: z.array(z.object({ blockNumber: z.number().int().nonnegative() })).default([]),
  /** Where the chain's Multicall3 is; the local stack records the aggregator it installs. */
  multicall3: address.optional(),
});

export interface IndexerSettings {
  rpcUrl: string;
  chainId: number;
  registry: `0x${string}`;
  startBlock: number;
  snapshotBlocks: number;
  pollingMs: number;
  pgliteDirectory?: string;
  /** The Multicall3 (`aggregate3`) through which a snapshot's reads go in one `eth_call`. */
  multicall3: `0x${string}`;
}

/** Thrown for a setting that is missing or malformed; the message names it. */
export class IndexerConfigError extends Error {
  override name = "IndexerConfigError";
}

function firstVaultBlock(vaults: { blockNumber: number }[]): number {
  return vaults.length === 0 ? 0 : Math.min(...vaults.map((vault) => vault.blockNumber));
}

/** Multicall3's address in viem's definition of chain `chainId` (the one Ponder's client is built on), if it has one. */
export function knownMulticall3(chainId: number): `0x${string}` | undefined {
  const chains: Chain[] = Object.values(viemChains as Record<string, unknown>).filter((candidate): candidate is Chain => typeof candidate === "object" && candidate !== null && "id" in candidate);
  return chains.find((chain) => chain.id === chainId)?.contracts?.multicall3?.address;
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}

/** Reads the settings from `env`; throws `IndexerConfigError` naming the variable (or record field) at fault. */
export function indexerSettings(env: Record<string, string | undefined>): IndexerSettings {
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new IndexerConfigError(`indexer settings: ${issues(parsed.error)}`);
  const values = parsed.data;
  let fromDeployment: z.infer<typeof deploymentRecord> | undefined;
  if (values.INDEXER_DEPLOYMENT) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(values.INDEXER_DEPLOYMENT, "utf8"));
    } catch (error) {
      throw new IndexerConfigError(`INDEXER_DEPLOYMENT: cannot read ${values.INDEXER_DEPLOYMENT}: ${(error as Error).message}`);
    }
    const record = deploymentRecord.safeParse(raw);
    if (!record.success) throw new IndexerConfigError(`INDEXER_DEPLOYMENT (${values.INDEXER_DEPLOYMENT}): ${issues(record.error)}`);
    fromDeployment = record.data;
  }
  const chainId = values.INDEXER_CHAIN_ID ?? fromDeployment?.chainId;
  if (chainId === undefined) throw new IndexerConfigError("INDEXER_CHAIN_ID: required when no INDEXER_DEPLOYMENT is given");
  const registry = values.INDEXER_REGISTRY ?? fromDeployment?.infrastructure.VaultRegistry;
  if (registry === undefined) throw new IndexerConfigError("INDEXER_REGISTRY: required when no INDEXER_DEPLOYMENT is given");
  const multicall3 = values.INDEXER_MULTICALL3 ?? fromDeployment?.multicall3 ?? knownMulticall3(chainId);
  if (multicall3 === undefined) {
    throw new IndexerConfigError(`INDEXER_MULTICALL3: required: chain ${chainId} has no Multicall3 in viem/chains and no deployment record gives one (its multicall3 field)`);
  }
  return {
    rpcUrl: values.INDEXER_RPC_URL,
    chainId,
    registry: registry as `0x${string}`,
    // The registry announces every vault when it is created: the deployment's first vault is where its history starts.
    startBlock: values.INDEXER_START_BLOCK ?? firstVaultBlock(fromDeployment?.vaults ?? []),
    snapshotBlocks: values.INDEXER_SNAPSHOT_BLOCKS,
    pollingMs: values.INDEXER_POLLING_MS,
    pgliteDirectory: values.INDEXER_PGLITE_DIR,
    multicall3: multicall3 as `0x${string}`,
  };
}
