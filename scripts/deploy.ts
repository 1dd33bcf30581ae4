/**
 * `npm run deploy`: deploys with Hardhat Ignition and records what it deployed.
 *
 * - On `localhost` (a running `npx hardhat node`): the local stack (test tokens, feeds, real Uniswap
 *   v3 and Morpho Blue, plus Aave v3 with `VAULT_MARKET=aave`) and a 2x long vault on that market
 *   (`VAULT_MARKET`: `morpho`, the default, or `aave`) whose keeper is the node's account #1.
 * - On any other network (e.g. `testnet`, whose RPC URL and deployer key come from Hardhat
 *   configuration variables): the vault only, against that network's protocol addresses given in a
 *   parameters file (`VAULT_PARAMETERS`, default `ignition/parameters/<network>.json`). The file's
 *   module id picks the market: `LeveragedVault` (Morpho Blue, see testnet.example.json) or
 *   `AaveLeveragedVault` (Aave v3, see testnet-aave.example.json).
 *
 * The vault's owner is an OpenZeppelin `TimelockController` the module deploys (its proposer and
 * executor: the `owner` parameter, default the deployer), so owner actions wait `parameterDelay`.
 *
 * Either way it writes `deployments/<network>/vault.json` (addresses, the timelock's included) and
 * `deployments/<network>/keeper.config.json` (a keeper config watching the new vault); the
 * `DEPLOYMENTS_DIR` environment variable moves that folder.
 *
 *   npx hardhat node                                   # terminal 1
 *   npm run deploy                                     # terminal 2 (localhost)
 *   VAULT_MARKET=aave npm run deploy                   # the same with an Aave v3 vault
 *   VAULT_PARAMETERS=my-params.json npm run deploy:testnet
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";
import { network } from "hardhat";

import AaveLeveragedVaultModule from "../ignition/modules/AaveLeveragedVault.js";
import LeveragedVaultModule from "../ignition/modules/LeveragedVault.js";
import { deployLocalStack, stackAddresses } from "./stack/deploy-local-stack.js";
import { attachVault } from "./vault/deploy-vault.js";
import { IGNITION_MODULE_IDS, localParametersFor, parseVaultMarket, toIgnitionJson, type VaultMarket } from "./vault/ignition-parameters.js";

const root = path.join(import.meta.dirname, "..");
const connection = await network.getOrCreate();
const { ethers, ignition, networkName } = connection;
const chainId = Number((await ethers.provider.getNetwork()).chainId);
const folder = path.join(process.env.DEPLOYMENTS_DIR ?? path.join(root, "deployments"), networkName);
await mkdir(folder, { recursive: true });
const local = networkName === "localhost" || networkName === "default";

let parameters: DeploymentParameters;
let market: VaultMarket;
if (local) {
  market = parseVaultMarket(process.env.VAULT_MARKET ?? "morpho");
  const [deployer, keeper] = await ethers.getSigners();
  console.log(`Deploying the local stack to ${networkName} (chain ${chainId}) from ${deployer.address}`);
  const addresses = await stackAddresses(await deployLocalStack(ethers, { signer: deployer, aave: market === "aave" }));
  await writeFile(path.join(folder, "stack.json"), JSON.stringify({ chainId, ...addresses }, null, 2) + "\n");
  parameters = localParametersFor(market, addresses, "long", { keeper: keeper.address });
  await writeFile(path.join(folder, "vault-parameters.json"), toIgnitionJson(parameters));
} else {
  const file = process.env.VAULT_PARAMETERS ?? path.join(root, "ignition", "parameters", `${networkName}.json`);
  if (!existsSync(file)) {
    throw new Error(
      `No vault parameters for network "${networkName}": create ${path.relative(process.cwd(), file)} (start from ignition/parameters/testnet.example.json) or set VAULT_PARAMETERS`,
    );
  }
  parameters = JSON.parse(await readFile(file, "utf8"), (_key, value) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  );
  const modules = Object.keys(parameters).filter((key) => key !== "$global");
  const found = (Object.keys(IGNITION_MODULE_IDS) as VaultMarket[]).find((name) => modules.includes(IGNITION_MODULE_IDS[name]));
  if (!found || modules.length !== 1) {
    throw new Error(
      `${path.relative(process.cwd(), file)} must hold the parameters of exactly one module, ${Object.values(IGNITION_MODULE_IDS).join(" or ")} (found: ${modules.join(", ") || "none"})`,
    );
  }
  market = found;
}

// Each local run deploys a fresh stack, so each gets its own Ignition deployment id.
const deploymentId = local ? `${networkName}-${Date.now()}` : `${networkName}-leveraged-vault`;
const deployment =
  market === "aave"
    ? await ignition.deploy(AaveLeveragedVaultModule, { parameters, deploymentId })
    : await ignition.deploy(LeveragedVaultModule, { parameters, deploymentId });
const { vault, timelock, governance, uniswapV3MeanPrice, parameterRules } = deployment;
/** The library only this market's vault links. */
const marketLibrary =
  "aaveV3Capacity" in deployment
    ? { AaveV3Capacity: await deployment.aaveV3Capacity.getAddress() }
    : { MorphoBlueInterest: await deployment.morphoBlueInterest.getAddress() };
const vaultAddress = await vault.getAddress();
const deployed = await attachVault(ethers, vaultAddress);
const record = {
  chainId,
  network: networkName,
  /** The lending market the vault's position lives on. */
  market,
  ignitionDeploymentId: deploymentId,
  vault: vaultAddress,
  name: await deployed.name(),
  symbol: await deployed.symbol(),
  asset: await deployed.asset(),
  debtToken: await deployed.debtToken(),
  /** The vault's owner: schedule owner actions here; they run after `parameterDelay` seconds. */
  timelock: await timelock.getAddress(),
  parameterDelay: Number(await timelock.getMinDelay()),
  governanceModule: await governance.getAddress(),
  libraries: {
    UniswapV3MeanPrice: await uniswapV3MeanPrice.getAddress(),
    ...marketLibrary,
    ParameterRules: await parameterRules.getAddress(),
  },
};
await writeFile(path.join(folder, "vault.json"), JSON.stringify(record, null, 2) + "\n");

// The local node's URL goes into the keeper config; a testnet's stays a secret the keeper reads from KEEPER_RPC_URL.
const networkConfig = connection.networkConfig;
const rpcUrl = local && networkConfig.type === "http" ? await networkConfig.url.get() : undefined;
const keeperConfig = {
  ...(rpcUrl ? { rpc: { write: rpcUrl } } : {}),
  chainId,
  vaults: [{ address: vaultAddress, name: record.symbol }],
  signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
  lockFile: `keeper-${networkName}.lock`,
  metrics: { port: 9464, host: "127.0.0.1", healthMaxAgeSeconds: 120 },
};
const keeperFile = path.join(folder, "keeper.config.json");
await writeFile(keeperFile, JSON.stringify(keeperConfig, null, 2) + "\n");

console.log(`Vault ${record.symbol} deployed at ${vaultAddress}, owned by the timelock ${record.timelock} (delay ${record.parameterDelay} s)`);
console.log(`Addresses: ${path.relative(process.cwd(), path.join(folder, "vault.json"))}`);
console.log(`Keeper config: ${path.relative(process.cwd(), keeperFile)}${rpcUrl ? "" : " (set KEEPER_RPC_URL for the keeper's RPC)"}`);
console.log(`Run the keeper: KEEPER_PRIVATE_KEY=<the keeper's key> npm run keeper -- once --config ${path.relative(process.cwd(), keeperFile)}`);
