/**
 * Everything `npm run app` runs, as one function the browser test calls too: a local `hardhat node`,
 * `npm run deploy -- --vaults long,inverse` (stack, registry, factories, a long and an inverse vault
 * created through the factory), `scripts/app/seed.ts` (depositors, test-account WETH and USDC, a price
 * move), the keeper in watch mode on the written config (it finds the vaults from the registry), the
 * indexer (`indexer/`, on embedded PGlite in the deployments folder), and the page's Vite server, told
 * the local chain's registry and indexer through its chain config (`VITE_LEVERAGED_VAULT_CHAINS`, see
 * app/src/config/chains.ts; the page reaches the indexer through the server's `/indexer`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { readDeployment } from "../deploy/records.js";
import { freePort, startHardhatNode, type RunningNode } from "../processes/hardhat-node.js";
import { startIndexer } from "../processes/indexer.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
const hardhatCli = path.join(projectRoot, "node_modules/hardhat/dist/src/cli.js");
/** Hardhat's public development key of account #1, which `npm run deploy` makes the vault's keeper. */
const ACCOUNT_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

export interface StartAppOptions {
  /** The page's port (default 5173). */
  port?: number | undefined;
  /** The page's host (default 127.0.0.1). */
  host?: string | undefined;
  /** The node's JSON-RPC port (default 8545, where wallets look for a local chain). */
  rpcPort?: number | undefined;
  /** Where the deployment records go (default `deployments/`). */
  deploymentsDir?: string | undefined;
  /** Run the keeper in watch mode (default true). */
  keeper?: boolean | undefined;
  /** Run the indexer, which the page then reads history, returns and positions from (default true; false: the page reads the RPC). */
  indexer?: boolean | undefined;
  /** Progress lines. */
  log?: ((line: string) => void) | undefined;
  /** More chains for the page's chain config besides the local one (the browser test adds one the wallet is not on). */
  extraChains?: { chainId: number; name: string; rpcUrl: string; registry: string }[] | undefined;
}

export interface RunningApp {
  /** The page. */
  url: string;
  /** The node's JSON-RPC URL. */
  rpcUrl: string;
  /** The indexer's URL, when it runs. */
  indexerUrl: string | undefined;
  deploymentsDir: string;
  /** Stops the page server, the keeper and the node, in that order. */
  stop(): Promise<void>;
}

/** A child process whose output is kept (for error messages) and that can be stopped and awaited. */
interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function startChild(command: string, args: string[], env: Record<string, string>, cwd = projectRoot): Child {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function runToCompletion(label: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = startChild(process.execPath, args, env);
  const code = await new Promise<number | null>((resolve) => child.process.on("close", resolve));
  if (code !== 0) throw new Error(`${label} failed (exit ${code}):\n${child.output()}`);
  return child.output();
}

/** Resolves once `url` answers HTTP 200, or throws naming what did not start. */
async function waitForHttp(url: string, child: Child, label: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${label} exited early (${child.process.exitCode}):\n${child.output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${label} did not answer on ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** The Vite CLI the app workspace depends on (its package's `bin.vite`). */
function viteCli(): string {
  const packageJson = createRequire(path.join(projectRoot, "app", "package.json")).resolve("vite/package.json");
  const { bin } = JSON.parse(readFileSync(packageJson, "utf8")) as { bin: { vite: string } };
  return path.join(path.dirname(packageJson), bin.vite);
}

/**
 * Starts the node, deploys, seeds, starts the keeper and the page. On any failure it stops what it
 * had started and throws with the failing step's output.
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const log = options.log ?? (() => {});
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 5173;
  const deploymentsDir = path.resolve(options.deploymentsDir ?? path.join(projectRoot, "deployments"));
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const child of started.reverse()) await child.stop();
    started.length = 0;
  };
  try {
    log(`starting hardhat node on 127.0.0.1:${options.rpcPort ?? 8545}`);
    const node: RunningNode = await startHardhatNode(60_000, options.rpcPort ?? 8545);
    started.push(node);
    const env = { LOCALHOST_RPC_URL: node.url, DEPLOYMENTS_DIR: deploymentsDir };

    log("deploying the stack, the registry and the factories, and a long and an inverse 2x vault (scripts/deploy/main.ts)");
    await runToCompletion("deploy", ["--import", "tsx", "scripts/deploy/main.ts", "--vaults", "long,inverse"], env);
    const deployment = await readDeployment(path.join(deploymentsDir, "localhost"));
    log("seeding depositors and moving the market (scripts/app/seed.ts)");
    const seeded = await runToCompletion("seed", [hardhatCli, "run", "scripts/app/seed.ts", "--network", "localhost"], env);
    for (const line of seeded.trim().split("\n")) log(`  ${line}`);

    if (options.keeper ?? true) {
      const config = path.join(deploymentsDir, "localhost", "keeper.config.json");
      const metricsPort = await freePort();
      log(`starting the keeper in watch mode (metrics on 127.0.0.1:${metricsPort})`);
      const keeper = startChild(process.execPath, ["keeper/bin/leveraged-vault-keeper.js", "watch", "--config", config, "--metrics-port", String(metricsPort)], {
        KEEPER_PRIVATE_KEY: ACCOUNT_1_KEY,
      });
      started.push(keeper);
      await waitForHttp(`http://127.0.0.1:${metricsPort}/metrics`, keeper, "the keeper");
    }

    let indexerUrl: string | undefined;
    if (options.indexer ?? true) {
      const indexerPort = await freePort();
      log(`starting the indexer on 127.0.0.1:${indexerPort} (Ponder on embedded PGlite)`);
      // A new chain each run: the previous run's database describes another chain.
      const pgliteDirectory = path.join(deploymentsDir, "localhost", "indexer-pglite");
      rmSync(pgliteDirectory, { recursive: true, force: true });
      const indexer = await startIndexer({
        rpcUrl: node.url,
        deploymentFile: path.join(deploymentsDir, "localhost", "deployment.json"),
        pgliteDirectory,
        port: indexerPort,
        snapshotBlocks: 3,
      });
      started.push(indexer);
      indexerUrl = indexer.url;
    }

    const vite = viteCli();
    const url = `http://${host}:${port}`;
    log(`starting the page server (vite) on ${url}`);
    // the local chain is read through the page server's /rpc proxy (no CORS); other chains directly
    const local = { chainId: deployment.chainId, name: "Local chain", rpcUrl: "/rpc", registry: deployment.infrastructure.VaultRegistry, ...(indexerUrl ? { indexerUrl: "/indexer" } : {}) };
    const chains = [local, ...(options.extraChains ?? [])];
    const server = startChild(process.execPath, [vite, "--host", host, "--port", String(port), "--strictPort"], {
      APP_RPC_URL: node.url,
      ...(indexerUrl ? { APP_INDEXER_URL: indexerUrl } : {}),
      VITE_LEVERAGED_VAULT_CHAINS: JSON.stringify(chains),
    }, path.join(projectRoot, "app"));
    started.push(server);
    await waitForHttp(url, server, "the page server");
    return { url, rpcUrl: node.url, indexerUrl, deploymentsDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
