/**
 * Starts the Ponder indexer (`indexer/`) as a child process, the way `npm run indexer` runs it, and
 * waits until it serves its API. The tests and `npm run app` use it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { freePort } from "./hardhat-node.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
const indexerRoot = path.join(projectRoot, "indexer");
const ponderCli = path.join(projectRoot, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");

export interface IndexerOptions {
  rpcUrl: string;
  /** A `deployment.json` (chain id, registry, first block). */
  deploymentFile: string;
  /** The embedded database's directory (ignored when `databaseUrl` is given). */
  pgliteDirectory?: string;
  /** A PostgreSQL connection string: the indexer then writes there. */
  databaseUrl?: string;
  /** The database schema this instance writes (one per instance). */
  schema?: string;
  snapshotBlocks?: number;
  pollingMs?: number;
  port?: number;
}

export interface RunningIndexer {
  url: string;
  process: ChildProcess;
  /** Everything the indexer printed so far. */
  output(): string;
  /** Resolves once the indexer has indexed `blockNumber` (from its /status). */
  waitForBlock(blockNumber: number, timeoutMs?: number): Promise<void>;
  /** A GraphQL query against the indexer; throws on errors in the response. */
  graphql<T>(query: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startIndexer(options: IndexerOptions, timeoutMs = 120_000): Promise<RunningIndexer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PONDER_TELEMETRY_DISABLED: "true",
    INDEXER_RPC_URL: options.rpcUrl,
    INDEXER_DEPLOYMENT: options.deploymentFile,
    INDEXER_SNAPSHOT_BLOCKS: String(options.snapshotBlocks ?? 100),
    INDEXER_POLLING_MS: String(options.pollingMs ?? 250),
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDirectory) env.INDEXER_PGLITE_DIR = options.pgliteDirectory;
  const child = spawn(process.execPath, [ponderCli, "--log-level", "warn", "start", "--schema", options.schema ?? "leveraged_vault", "--port", String(port)], {
    cwd: indexerRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const killed = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killed);
  };

  const indexedBlock = async (): Promise<number | undefined> => {
    const response = await fetch(`${url}/status`);
    if (!response.ok) return undefined;
    const status = (await response.json()) as Record<string, { block: { number: number } }>;
    const chains = Object.values(status);
    return chains.length === 0 ? undefined : Math.min(...chains.map((chain) => chain.block.number));
  };

  const waitForBlock = async (blockNumber: number, waitMs = 60_000) => {
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the indexer exited (${child.exitCode}):\n${output}`);
      const indexed = await indexedBlock().catch(() => undefined);
      if (indexed !== undefined && indexed >= blockNumber) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the indexer did not reach block ${blockNumber} within ${waitMs} ms:\n${output.slice(-4000)}`);
  };

  const graphql = async <T>(query: string): Promise<T> => {
    const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`indexer GraphQL: ${body.errors.map((error) => error.message).join("; ")}`);
    return body.data as T;
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the indexer exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return { url, process: child, output: () => output, waitForBlock, graphql, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the indexer was not ready on ${url} within ${timeoutMs} ms:\n${output}`);
}
