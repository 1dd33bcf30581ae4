/**
 * `npm run preflight`: says whether a vault will work on a network before anything is deployed. It
 * reads the network through the Hardhat network of the same name (RPC URL and key from the
 * keystore or the environment, see docs/networks.md), prints one line per check and sends nothing.
 *
 *   npm run preflight -- --network base-sepolia --pair WETH/USDC --market aave
 *   npm run preflight -- --network base --market morpho --preset L2 --preset-override my-addresses.json
 *
 * Exit codes: 0 fine or warnings only, 1 refused, 2 bad input (the message names the flag or field).
 */
import { Command, CommanderError } from "commander";

import { networkVariables } from "../networks/network-list.js";
import { PresetInputError, resolvePreset } from "../networks/resolve-preset.js";
import { readDeploymentMorphoOracle } from "../deploy/preset-deployment.js";
import { formatPreflightTable } from "./format-preflight-table.js";
import { preflightClient } from "./read-preflight-facts.js";
import { runPreflight } from "./run-preflight.js";

function fail(message: string): never {
  console.error(`preflight: ${message}`);
  process.exit(2);
}

const program = new Command("preflight")
  .description("Checks a network for a vault before deploying it; sends nothing")
  .requiredOption("--network <name>", "a preset network (ethereum, base, arbitrum, sepolia, base-sepolia, arbitrum-sepolia)")
  .option("--pair <pair>", "WETH/USDC (long ETH) or USDC/WETH (inverse)", "WETH/USDC")
  .requiredOption("--market <market>", "morpho or aave")
  .option("--preset <name>", "vault parameters preset, L1 or L2 (default: the network's)")
  .option("--preset-override <file>", "a JSON file of addresses that replace the preset's")
  .option("--deployments <dir>", "where earlier deployments are recorded (default: deployments/)")
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(`preflight: ${text}`) });

try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}
const options = program.opts<{ network: string; pair: string; market: string; preset?: string; presetOverride?: string; deployments?: string }>();

let resolved;
try {
  resolved = await resolvePreset(options);
} catch (error) {
  if (error instanceof PresetInputError) fail(error.message);
  throw error;
}

const { network } = await import("hardhat");
const connection = await network.getOrCreate({ network: resolved.preset.name });
const [deployer] = await connection.ethers.getSigners();
if (!deployer) fail(`network ${resolved.preset.name} has no account (set ${networkVariables(resolved.preset.name).deployerKey})`);
const morphoOracle = resolved.market === "morpho" ? await readDeploymentMorphoOracle(resolved.preset.name, resolved.pair, options.deployments) : undefined;
const result = await runPreflight(preflightClient(connection.provider), {
  ...resolved,
  deployer: deployer.address,
  ...(morphoOracle ? { morphoOracle } : {}),
});
console.log(formatPreflightTable(result.lines, `Preflight: ${resolved.pair} on ${resolved.market === "aave" ? "Aave v3" : "Morpho Blue"}, ${resolved.preset.name}, vault preset ${resolved.vaultPreset}`));
process.exit(result.outcome === "refuse" ? 1 : 0);
