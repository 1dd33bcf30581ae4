/**
 * `npm run deploy`: deploys the shared infrastructure (registry, factories, libraries; Hardhat
 * Ignition) once per chain and creates vaults through the factories, then records everything in
 * `deployments/<network>/` (`deployment.json`, and a `keeper.config.json` that finds the vaults from
 * the registry).
 *
 *   npx hardhat node                                              # terminal 1
 *   npm run deploy                                                # terminal 2: local stack + a 2x long vault on Morpho Blue
 *   npm run deploy -- --market aave --vaults long,inverse         # Aave v3 in the stack, a long and an inverse vault
 *   npm run deploy -- --network testnet --network-file my-network.json
 *   npm run deploy -- --network base-sepolia --pair WETH/USDC --market aave --preset L2   # a preset network
 *
 * On a preset network (scripts/networks, docs/networks.md) every address comes from the preset and
 * the deploy runs the preflight first: a refusal stops it before anything is sent, unless `--force`
 * (see deploy-preset.ts). `--preset-override FILE` replaces preset addresses, `--safe ADDRESS` makes a
 * Safe the timelock's proposer and executor, `--verify` submits the verification plan.
 *
 * On `localhost` (a running `npx hardhat node`; `LOCALHOST_RPC_URL` points elsewhere) it first
 * deploys the local DeFi stack (test tokens, settable feeds, real Uniswap v3 and Morpho Blue, plus
 * Aave v3 with `--market aave`) and writes `stack.json`. Each vault is owned by a new
 * `TimelockController` (one-day delay; the deployer proposes and executes), account #1 is its keeper.
 *
 * On any other network the protocols and the vaults come from `--network-file`:
 * `{ "protocols": { "uniswapV3Factory", "morpho", "aavePool"? }, "vaults": [ <vault request>, ... ] }`,
 * each vault request as `npm run vault:create` reads it (scripts/vault/vault-request.ts).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAddress } from "ethers";
import { network } from "hardhat";
import { z } from "zod";

import { NETWORK_NAMES, networkVariables } from "../networks/network-list.js";
import { PresetInputError, resolvePreset } from "../networks/resolve-preset.js";
import { deployPreset, PreflightRefusedError } from "./deploy-preset.js";
import { VerificationConfigError } from "./verification.js";
import { deployLocalStack, MULTICALL3_ADDRESS, stackAddresses } from "../stack/deploy-local-stack.js";
import { stackProtocols, type FactoryProtocols } from "../vault/deploy-vault.js";
import { localVaultRequest } from "../vault/local-vault-request.js";
import type { VaultKind } from "../vault/vault-parameters.js";
import { createVault, parseVaultMarket, parseVaultRequest, toVaultRequestFile, type VaultRequest } from "../vault/vault-request.js";
import { deployInfrastructure } from "./infrastructure.js";
import { deploymentFolder, describeCreatedVault, writeDeployment, writeKeeperConfig, type DeploymentRecord } from "./records.js";

const USAGE =
  "usage: npm run deploy -- [--network localhost] [--market morpho|aave] [--vaults long[,inverse]] [--deployments DIR]\n" +
  "       npm run deploy -- --network PRESET --market morpho|aave [--pair WETH/USDC|USDC/WETH] [--preset L1|L2] [--preset-override FILE]\n" +
  "                         [--safe ADDRESS] [--keeper ADDRESS] [--force] [--verify] [--deployment-id ID] [--deployments DIR]\n" +
  "       npm run deploy -- --network NAME --network-file FILE [--deployments DIR]";
/** The delay of the timelock that owns each local vault: a day, as on a real network. */
const LOCAL_TIMELOCK_DELAY = 86_400;

function fail(message: string): never {
  console.error(`deploy: ${message}\n${USAGE}`);
  process.exit(2);
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");
const networkFileSchema = z.strictObject({
  protocols: z.strictObject({ uniswapV3Factory: address, morpho: address, aavePool: address.optional() }),
  vaults: z.array(z.unknown()).default([]),
});

const { values } = parseArgs({
  options: {
    network: { type: "string", default: "localhost" },
    market: { type: "string" },
    vaults: { type: "string" },
    deployments: { type: "string" },
    "network-file": { type: "string" },
    pair: { type: "string" },
    preset: { type: "string" },
    "preset-override": { type: "string" },
    safe: { type: "string" },
    keeper: { type: "string" },
    force: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
    "deployment-id": { type: "string" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if ((NETWORK_NAMES as string[]).includes(values.network) && !values["network-file"]) {
  let resolved;
  try {
    resolved = await resolvePreset({ network: values.network, pair: values.pair, market: values.market, preset: values.preset, presetOverride: values["preset-override"] });
  } catch (error) {
    if (error instanceof PresetInputError) fail(error.message);
    throw error;
  }
  for (const flag of ["safe", "keeper"] as const) {
    if (values[flag] !== undefined && !isAddress(values[flag])) fail(`--${flag} must be a 0x-prefixed 20-byte address (got "${values[flag]}")`);
  }
  const connection = await network.getOrCreate({ network: resolved.preset.name });
  const [deployer] = await connection.ethers.getSigners();
  if (!deployer) fail(`network ${resolved.preset.name} has no account to deploy from (set ${networkVariables(resolved.preset.name).deployerKey})`);
  try {
    await deployPreset({
      ...resolved,
      connection,
      deployer,
      folder: deploymentFolder(resolved.preset.name, values.deployments),
      ...(values.deployments ? { deploymentsDir: values.deployments } : {}),
      ...(values["deployment-id"] ? { ignitionDeploymentId: values["deployment-id"] } : {}),
      ...(values.keeper ? { keeper: values.keeper } : {}),
      ...(values.safe ? { safe: values.safe } : {}),
      force: values.force,
      verify: values.verify,
    });
  } catch (error) {
    if (error instanceof PreflightRefusedError) {
      console.error(`deploy: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof VerificationConfigError) fail(error.message);
    throw error;
  }
  process.exit(0);
}

const networkName = values.network;
const local = networkName === "localhost" || networkName === "default";
const folder = deploymentFolder(networkName, values.deployments);
const connection = await network.getOrCreate({ network: networkName });
const { ethers } = connection;
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const [deployer, keeper] = await ethers.getSigners();
if (!deployer) fail(`network ${networkName} has no account to deploy from`);

let protocols: FactoryProtocols;
let requests: VaultRequest[];
if (local) {
  let market;
  try {
    market = parseVaultMarket(values.market ?? process.env.VAULT_MARKET ?? "morpho", "--market");
  } catch (error) {
    fail((error as Error).message);
  }
  const kinds = (values.vaults ?? "long").split(",").map((kind) => kind.trim());
  for (const kind of kinds) if (kind !== "long" && kind !== "inverse") fail(`--vaults must list long and/or inverse (got "${kind}")`);
  console.log(`Deploying the local stack to ${networkName} (chain ${chainId}) from ${deployer.address}`);
  const stack = await deployLocalStack(ethers, { signer: deployer, aave: market === "aave" });
  const addresses = await stackAddresses(stack);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "stack.json"), JSON.stringify({ chainId, ...addresses }, null, 2) + "\n");
  protocols = await stackProtocols(stack);
  requests = (kinds as VaultKind[]).map((kind) =>
    localVaultRequest(addresses, market, deployer.address, {
      kind,
      keeper: keeper?.address ?? deployer.address,
      timelock: { delay: LOCAL_TIMELOCK_DELAY, proposers: [deployer.address] },
      salt: ethers.id(`npm run deploy: ${kind} ${market}`),
    }),
  );
} else {
  if (!values["network-file"]) fail(`--network-file is required on ${networkName} (the protocols and the vaults to create)`);
  const file = values["network-file"];
  const parsed = networkFileSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) fail(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  protocols = parsed.data.protocols;
  requests = parsed.data.vaults.map((content, index) => parseVaultRequest(content, `${file} vaults[${index}]`));
}

// One Ignition deployment per chain: re-running resumes it. Each local run is a fresh stack, so a fresh id.
const ignitionDeploymentId = local ? `${networkName}-${Date.now()}` : `${networkName}-leveraged-vault`;
console.log(`Deploying the registry and the factories (Ignition deployment ${ignitionDeploymentId})`);
const infrastructure = await deployInfrastructure(connection, protocols, ignitionDeploymentId);
// The local stack installs its Multicall3-compatible aggregator at Multicall3's address, which viem's
// definitions of the local chain (31337) do not list.
const record: DeploymentRecord = { chainId, network: networkName, ignitionDeploymentId, protocols, infrastructure, vaults: [], ...(local ? { multicall3: MULTICALL3_ADDRESS } : {}) };
for (const request of requests) {
  const created = await createVault(ethers, infrastructure, request, deployer);
  const vault = await describeCreatedVault(ethers, created);
  record.vaults.push(vault);
  console.log(`Vault ${vault.symbol} (${vault.kind}) created at ${vault.vault}, owned by ${vault.owner}${vault.timelockDelay === undefined ? "" : ` (timelock, delay ${vault.timelockDelay} s)`}`);
}
const deploymentFile = await writeDeployment(folder, record);
if (local) {
  // Ready-made parameters for `npm run vault:create` on this stack: one more long and one more inverse vault.
  const addresses = JSON.parse(await readFile(path.join(folder, "stack.json"), "utf8")) as Awaited<ReturnType<typeof stackAddresses>>;
  for (const kind of ["long", "inverse"] as const) {
    const request = localVaultRequest(addresses, requests[0]?.kind ?? "morpho", deployer.address, {
      kind,
      keeper: keeper?.address ?? deployer.address,
      timelock: { delay: LOCAL_TIMELOCK_DELAY, proposers: [deployer.address] },
      salt: ethers.id(`npm run vault:create: ${kind} ${Date.now()}`),
    });
    await writeFile(path.join(folder, `vault-request.${kind}.json`), JSON.stringify(toVaultRequestFile(request), null, 2) + "\n");
  }
}

const networkConfig = connection.networkConfig;
const rpcUrl = local && networkConfig.type === "http" ? await networkConfig.url.get() : undefined;
const keeperFile = await writeKeeperConfig(folder, record, rpcUrl);
console.log(`Registry ${infrastructure.VaultRegistry}; factories: Morpho Blue ${infrastructure.MorphoBlueVaultFactory}${infrastructure.AaveV3VaultFactory ? `, Aave v3 ${infrastructure.AaveV3VaultFactory}` : ""}`);
console.log(`Addresses: ${path.relative(process.cwd(), deploymentFile)}`);
console.log(`Keeper config (finds the vaults from the registry): ${path.relative(process.cwd(), keeperFile)}${rpcUrl ? "" : " (set KEEPER_RPC_URL for the keeper's RPC)"}`);
console.log(`Run the keeper: KEEPER_PRIVATE_KEY=<the keeper's key> npm run keeper -- once --config ${path.relative(process.cwd(), keeperFile)}`);
console.log(
  local
    ? `Create another vault: npm run vault:create -- --parameters ${path.relative(process.cwd(), path.join(folder, "vault-request.inverse.json"))}`
    : `Create another vault: npm run vault:create -- --network ${networkName} --parameters <file>`,
);
