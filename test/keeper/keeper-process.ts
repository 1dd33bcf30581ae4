import { spawn } from "node:child_process";
import path from "node:path";

const projectRoot = path.join(import.meta.dirname, "..", "..");
/** The installed command: the committed launcher that loads the compiled CLI (`npm test` builds it first). */
const cli = path.join(projectRoot, "keeper", "bin", "leveraged-vault-keeper.js");

export interface KeeperLogLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface KeeperRun {
  code: number | null;
  logs: KeeperLogLine[];
  stdout: string;
  stderr: string;
}

export interface StartedKeeper {
  /** Resolves when the process exits. */
  done: Promise<KeeperRun>;
  /** Resolves with the first log line for which `match` is true (rejects if the process exits first). */
  waitForLog(match: (line: KeeperLogLine) => boolean): Promise<KeeperLogLine>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the keeper CLI as a child process: `node keeper/bin/leveraged-vault-keeper.js <args>`. */
export function startKeeper(args: string[], env: Record<string, string>): StartedKeeper {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const logs: KeeperLogLine[] = [];
  const waiters: { match: (line: KeeperLogLine) => boolean; resolve: (line: KeeperLogLine) => void }[] = [];
  let partial = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk;
    if (process.env.KEEPER_E2E_DEBUG) process.stderr.write(chunk); // set to see every keeper log line
    partial += chunk.toString();
    const lines = partial.split("\n");
    partial = lines.pop()!;
    for (const text of lines) {
      if (!text.startsWith("{")) continue;
      const line = JSON.parse(text) as KeeperLogLine;
      logs.push(line);
      for (const waiter of [...waiters]) if (waiter.match(line)) waiters.splice(waiters.indexOf(waiter), 1) && waiter.resolve(line);
    }
  });
  const done = new Promise<KeeperRun>((resolve) => child.on("close", (code) => resolve({ code, logs, stdout, stderr })));
  return {
    done,
    waitForLog(match) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void done.then((run) => reject(new Error(`keeper exited (${run.code}) before the expected log line:\n${run.stderr}`)));
      });
    },
    kill: (signal = "SIGTERM") => void child.kill(signal),
  };
}

/** Runs the keeper CLI to completion. */
export async function runKeeper(args: string[], env: Record<string, string>): Promise<KeeperRun> {
  return await startKeeper(args, env).done;
}

export const events = (run: KeeperRun, event: string) => run.logs.filter((line) => line.event === event);
