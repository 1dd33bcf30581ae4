/**
 * Starts a throwaway PostgreSQL server from the machine's own installation (Debian's `postgresql`
 * package: /usr/lib/postgresql/<major>/bin), in a new data directory on a free local port, for the
 * indexer's server path (`DATABASE_URL`). The tests and `npm run bench:indexer` use it.
 *
 * PostgreSQL refuses to run as root, so when this process is root the cluster is created and run as
 * the package's `postgres` user (`runuser`), in a directory that user owns.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { freePort } from "./hardhat-node.js";

export interface RunningPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust authentication, local only). */
  url: string;
  port: number;
  /** The server's major version, e.g. 15. */
  version: number;
  /** Everything the server printed so far. */
  output(): string;
  /** Runs `sql` through the server's own `psql` and returns its unaligned, tuples-only output. */
  query(sql: string): string;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/** Where Debian puts the newest installed PostgreSQL's programs, or undefined when there is none. */
export function postgresBinDirectory(root = "/usr/lib/postgresql"): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && existsSync(path.join(root, entry, "bin", "postgres")))
    .map(Number)
    .sort((a, b) => b - a);
  return majors.length === 0 ? undefined : path.join(root, String(majors[0]), "bin");
}

export async function startPostgres(timeoutMs = 60_000): Promise<RunningPostgres> {
  const bin = postgresBinDirectory();
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (Debian's package puts it in /usr/lib/postgresql/<major>/bin)");
  const version = Number(path.basename(path.dirname(bin)));
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]] : [path.join(bin, program), args]) as [string, string[]];

  const dataDirectory = mkdtempSync(path.join(tmpdir(), "leveraged-vault-postgres-"));
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dataDirectory, uid, gid);
  }
  const [initProgram, initArgs] = run("initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
  const initialised = spawnSync(initProgram, initArgs, { encoding: "utf8" });
  if (initialised.status !== 0) {
    rmSync(dataDirectory, { recursive: true, force: true });
    throw new Error(`initdb failed (${initialised.status}):\n${initialised.stdout}${initialised.stderr}`);
  }

  const port = await freePort();
  const [serverProgram, serverArgs] = run("postgres", ["-D", dataDirectory, "-p", String(port), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]);
  const server: ChildProcess = spawn(serverProgram, serverArgs, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));

  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      // SIGINT: PostgreSQL's "fast" shutdown (disconnects clients, then exits).
      server.kill("SIGINT");
      const killed = setTimeout(() => server.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killed);
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`PostgreSQL exited early (${server.exitCode}):\n${output}`);
    }
    const ready = spawnSync(path.join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"], { encoding: "utf8" });
    if (ready.status === 0) {
      const query = (sql: string) => {
        const answer = spawnSync(path.join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
        if (answer.status !== 0) throw new Error(`psql failed (${answer.status}) on ${sql}:\n${answer.stderr}`);
        return answer.stdout.trim();
      };
      return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, version, output: () => output, query, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`PostgreSQL was not ready on port ${port} within ${timeoutMs} ms:\n${output}`);
}

function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error("running as root needs the postgres user that Debian's postgresql package creates");
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
