/**
 * Deploys the local DeFi stack (test tokens, feeds, real Uniswap v3 and Morpho Blue, plus Aave v3 with
 * `VAULT_MARKET=aave`) to a running JSON-RPC node and records its addresses in
 * `deployments/<network>/stack.json`.
 *
 *   npx hardhat node                        # terminal 1
 *   npm run stack:deploy                    # terminal 2 (= hardhat run ... --network localhost)
 *   VAULT_MARKET=aave npm run stack:deploy  # the same with Aave v3 in the stack
 *
 * It also writes `deployments/<network>/vault-parameters.json`: Ignition parameters for a 2x long
 * vault on this stack, for `hardhat ignition deploy ignition/modules/<module>.ts` (the module is
 * `LeveragedVault` for Morpho Blue, `AaveLeveragedVault` for Aave v3; the script prints which).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";

import { deployLocalStack, stackAddresses } from "./stack/deploy-local-stack.js";
import { IGNITION_MODULE_IDS, localParametersFor, parseVaultMarket, toIgnitionJson } from "./vault/ignition-parameters.js";

const market = parseVaultMarket(process.env.VAULT_MARKET ?? "morpho");
const connection = await network.getOrCreate();
const stack = await deployLocalStack(connection.ethers, { aave: market === "aave" });
const addresses = await stackAddresses(stack);
const chainId = (await connection.ethers.provider.getNetwork()).chainId;

const folder = path.join(import.meta.dirname, "..", "deployments", connection.networkName);
await mkdir(folder, { recursive: true });
const file = path.join(folder, "stack.json");
await writeFile(file, JSON.stringify({ chainId: Number(chainId), ...addresses }, null, 2) + "\n");
const parametersFile = path.join(folder, "vault-parameters.json");
await writeFile(parametersFile, toIgnitionJson(localParametersFor(market, addresses, "long")));
const modulePath = `ignition/modules/${IGNITION_MODULE_IDS[market]}.ts`;
console.log(`Ignition parameters for a 2x long vault (module ${modulePath}): ${path.relative(process.cwd(), parametersFile)}`);
console.log(`Local stack deployed on ${connection.networkName} (chain ${chainId}); addresses in ${path.relative(process.cwd(), file)}`);
console.log(JSON.stringify(addresses, null, 2));
