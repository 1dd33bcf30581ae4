/**
 * `npm run app`: a local chain with a seeded vault, the keeper watching it, and the dApp on
 * http://127.0.0.1:5173. Ctrl-C stops everything.
 *
 *   npm run app -- --port 5173 --rpc-port 8545 --host 127.0.0.1 --deployments deployments --no-keeper
 *
 * APP_PORT, APP_RPC_PORT and APP_HOST work too (flags win).
 */
import { parseArgs } from "node:util";

import { startApp } from "./start-app.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.APP_PORT ?? "5173" },
    "rpc-port": { type: "string", default: process.env.APP_RPC_PORT ?? "8545" },
    host: { type: "string", default: process.env.APP_HOST ?? "127.0.0.1" },
    deployments: { type: "string" },
    "no-keeper": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log("npm run app -- [--port 5173] [--rpc-port 8545] [--host 127.0.0.1] [--deployments DIR] [--no-keeper]");
  process.exit(0);
}
const toPort = (name: string, text: string) => {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--${name} must be a port number from 1 to 65535 (got "${text}")`);
  return port;
};

const app = await startApp({
  port: toPort("port", values.port),
  rpcPort: toPort("rpc-port", values["rpc-port"]),
  host: values.host,
  deploymentsDir: values.deployments,
  keeper: !values["no-keeper"],
  log: (line) => console.log(line),
});
console.log(`
The dApp is running: ${app.url}
Local chain: ${app.rpcUrl} (chain id 31337). Connect "Test account #3" on the page, or a browser wallet
on that network with one of Hardhat's development accounts. Ctrl-C stops the page, the keeper and the node.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the page server, the keeper and the node`);
  await app.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
