/**
 * `npm run app:chains -- [--deployments DIR] [--rpc NETWORK=URL ...]`: prints the dApp's chain config
 * for every network deployed to, ready for a build:
 *
 *   VITE_LEVERAGED_VAULT_CHAINS="$(npm run --silent app:chains)" npm run build --prefix app
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { appChainsFromDeployments } from "./chains-from-deployments.js";

const USAGE = "usage: npm run app:chains -- [--deployments DIR] [--rpc NETWORK=URL ...]";

function fail(message: string): never {
  console.error(`app:chains: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { deployments: { type: "string" }, rpc: { type: "string", multiple: true, default: [] } }, strict: true }));
} catch (error) {
  fail((error as Error).message);
}
const rpcUrls: Record<string, string> = {};
for (const pair of values.rpc) {
  const separator = pair.indexOf("=");
  if (separator <= 0) fail(`--rpc must be NETWORK=URL (got "${pair}")`);
  rpcUrls[pair.slice(0, separator)] = pair.slice(separator + 1);
}
const deploymentsDir = values.deployments ?? process.env.DEPLOYMENTS_DIR ?? path.join(import.meta.dirname, "..", "..", "deployments");
try {
  console.log(JSON.stringify(await appChainsFromDeployments(deploymentsDir, rpcUrls)));
} catch (error) {
  fail((error as Error).message);
}
