/**
 * `npm run vault:create`: creates one more vault on a running chain through its factory, from a
 * parameters file (a vault request, see scripts/vault/vault-request.ts), and appends it to
 * `deployments/<network>/deployment.json`. The keeper picks it up from the registry without a restart.
 *
 *   npm run vault:create -- --kind morpho --parameters my-vault.json               # on localhost
 *   npm run vault:create -- --kind aave --parameters my-vault.json --network testnet
 *   npm run vault:create -- --parameters my-vault.json --predict                    # where it would be; sends nothing
 *
 * Exit codes: 0 created (or predicted), 2 bad arguments or parameters (the message names the field),
 * 1 the chain refused the creation (the factory's or the vault's error, decoded).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { network } from "hardhat";

import { createVault, parseVaultMarket, predictVault, parseVaultRequest, VaultRequestError } from "../vault/vault-request.js";
import { deploymentFolder, describeCreatedVault, readDeployment, writeDeployment } from "./records.js";

const USAGE = "usage: npm run vault:create -- --parameters FILE [--kind morpho|aave] [--network localhost] [--deployments DIR] [--predict]";

function fail(message: string, code = 2): never {
  console.error(`vault:create: ${message}`);
  if (code === 2) console.error(USAGE);
  process.exit(code);
}

const { values } = parseArgs({
  options: {
    kind: { type: "string" },
    parameters: { type: "string" },
    network: { type: "string", default: "localhost" },
    deployments: { type: "string" },
    predict: { type: "boolean", default: false },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.parameters) fail("--parameters is required (the vault's parameters file)");

let content: Record<string, unknown>;
try {
  content = JSON.parse(await readFile(values.parameters, "utf8")) as Record<string, unknown>;
} catch (error) {
  fail(`cannot read ${values.parameters}: ${(error as Error).message}`);
}
if (values.kind !== undefined) {
  let kind: string;
  try {
    kind = parseVaultMarket(values.kind, "--kind");
  } catch (error) {
    fail((error as Error).message);
  }
  if (content.kind === undefined) content.kind = kind;
  else if (content.kind !== kind) fail(`--kind ${kind} differs from the file's kind "${String(content.kind)}"`);
}
let request;
try {
  request = parseVaultRequest(content, values.parameters);
} catch (error) {
  if (error instanceof VaultRequestError) fail(error.message);
  throw error;
}

const folder = deploymentFolder(values.network, values.deployments);
const record = await readDeployment(folder).catch((error: Error) => fail(error.message));
const { ethers } = await network.getOrCreate({ network: values.network });
const chainId = Number((await ethers.provider.getNetwork()).chainId);
if (chainId !== record.chainId) fail(`${values.network} serves chain ${chainId}, but ${folder} records chain ${record.chainId}`);

if (values.predict) {
  console.log(JSON.stringify(await predictVault(ethers, record.infrastructure, request), null, 2));
  process.exit(0);
}

try {
  const created = await createVault(ethers, record.infrastructure, request);
  const vault = await describeCreatedVault(ethers, created);
  record.vaults.push(vault);
  await writeDeployment(folder, record);
  console.log(`Vault ${vault.symbol} (${vault.kind}) created at ${vault.vault} in block ${vault.blockNumber}, owned by ${vault.owner}`);
  if (vault.automationAdapter) console.log(`Automation adapter ${vault.automationAdapter} (a keeper of the vault; set its forwarder after registering the upkeep)`);
  console.log(`Listed in the registry ${record.infrastructure.VaultRegistry}: a keeper watching it picks the vault up on its next pass.`);
} catch (error) {
  // ethers decodes the factory's (or the vault's) custom error from the ABI, arguments included.
  const reason = (error as { revert?: { name: string; args: unknown[] } }).revert;
  fail(`the chain refused the creation: ${reason ? `${reason.name}(${reason.args.map(String).join(", ")})` : (error as Error).message}`, 1);
}
