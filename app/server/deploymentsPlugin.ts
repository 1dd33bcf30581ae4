import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Plugin } from "vite";

/** One `deployments/<network>/vault.json`, as `npm run deploy` writes it. */
export interface VaultDeployment {
  chainId: number;
  network: string;
  vault: `0x${string}`;
  name: string;
  symbol: string;
  asset: `0x${string}`;
  debtToken: `0x${string}`;
}

/**
 * Every `vault.json` under `deploymentsDir` (one folder per network), read afresh on each call so a
 * new `npm run deploy` shows without restarting the server. A folder without one is skipped; a file
 * that is not valid JSON is an error naming the file.
 */
export async function readVaultDeployments(deploymentsDir: string): Promise<VaultDeployment[]> {
  let folders: string[];
  try {
    folders = (await readdir(deploymentsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  const vaults: VaultDeployment[] = [];
  for (const folder of folders.sort()) {
    const file = path.join(deploymentsDir, folder, "vault.json");
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      continue;
    }
    try {
      vaults.push(JSON.parse(text) as VaultDeployment);
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return vaults;
}

/**
 * Serves the deployment records to the page at `GET /api/deployments` (dev server and `vite
 * preview` alike), so the page lists the vaults `npm run deploy` recorded.
 */
export function deploymentsPlugin(options: { deploymentsDir: string }): Plugin {
  const handler = async (request: { url?: string | undefined }, response: import("node:http").ServerResponse, next: () => void) => {
    if (request.url?.split("?")[0] !== "/api/deployments") return next();
    try {
      const vaults = await readVaultDeployments(options.deploymentsDir);
      response.setHeader("content-type", "application/json");
      response.setHeader("cache-control", "no-store");
      response.end(JSON.stringify({ vaults }));
    } catch (error) {
      response.statusCode = 500;
      response.end(JSON.stringify({ error: (error as Error).message }));
    }
  };
  return {
    name: "leveraged-vault-deployments",
    configureServer(server) {
      server.middlewares.use(handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler);
    },
  };
}
