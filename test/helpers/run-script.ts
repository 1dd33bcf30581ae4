/** Runs a TypeScript entry point of the project with Node, as its `npm run` scripts do. */
import { spawn } from "node:child_process";
import path from "node:path";

const projectRoot = path.join(import.meta.dirname, "..", "..");

/** Runs `script` (relative to the project root) with `args`, the environment plus `env`; resolves with its exit code and output. */
export async function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}
