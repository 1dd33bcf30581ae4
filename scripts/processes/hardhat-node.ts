import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const projectRoot = path.join(import.meta.dirname, "..", "..");

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningNode {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The chain a node simulates, when not Hardhat's default (chain 31337, type `l1`). */
export interface HardhatNodeChain {
  /** A preset network's chain id, for a rehearsal of its deployment (Base Sepolia: 84532). */
  chainId?: number;
  /** `l1`, `op` (OP-stack chains such as Base) or `generic`. */
  chainType?: "l1" | "op" | "generic";
}

/**
 * Starts `hardhat node` as a child process on `port` (default: a free loopback port) and resolves
 * once it answers JSON-RPC. The caller must `stop()` it.
 */
export async function startHardhatNode(timeoutMs = 60_000, port?: number, chain: HardhatNodeChain = {}): Promise<RunningNode> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const chainArguments = [
    ...(chain.chainId === undefined ? [] : ["--chain-id", String(chain.chainId)]),
    ...(chain.chainType === undefined ? [] : ["--chain-type", chain.chainType]),
  ];
  const child = spawn(process.execPath, [path.join(projectRoot, "node_modules/hardhat/dist/src/cli.js"), "node", "--port", String(port), ...chainArguments], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited early (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return { url, port, process: child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
}
