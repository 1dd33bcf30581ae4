/**
 * Acts on a stack and vault deployed to a local node by `npm run deploy`, to watch the keeper work:
 *
 *   DEPOSIT_WETH=10 npx hardhat run scripts/local-market.ts --network localhost   # account #2 deposits
 *   ETH_PRICE=2600  npx hardhat run scripts/local-market.ts --network localhost   # the market moves
 *
 * Both can be given at once (the deposit comes first). Reads deployments/localhost/{stack,deployment}.json;
 * the vault is the first long (WETH) vault recorded there, or `VAULT` (an address or a symbol).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";

import { readDeployment } from "./deploy/records.js";
import { connectLocalStack, moveMarket, toFeedAnswer } from "./stack/deploy-local-stack.js";
import { depositWeth } from "./vault/deposit-weth.js";
import { leverageToNumber } from "./vault/vault-parameters.js";

const folder = path.join(process.env.DEPLOYMENTS_DIR ?? path.join(import.meta.dirname, "..", "deployments"), "localhost");
const read = async (name: string) => JSON.parse(await readFile(path.join(folder, name), "utf8"));
const { ethers } = await network.getOrCreate();
const stack = await connectLocalStack(ethers, await read("stack.json"));
const { vaults } = await readDeployment(folder);
const wanted = process.env.VAULT;
const weth = (await stack.tokens.weth.getAddress()).toLowerCase();
const chosen = wanted
  ? vaults.find((entry) => entry.vault.toLowerCase() === wanted.toLowerCase() || entry.symbol === wanted)
  : vaults.find((entry) => entry.asset.toLowerCase() === weth);
if (!chosen) throw new Error(wanted ? `VAULT=${wanted} is not recorded in ${folder}/deployment.json` : `no long (WETH) vault is recorded in ${folder}/deployment.json`);
const vaultAddress = chosen.vault;
const vault = await ethers.getContractAt("ILeveragedVault", vaultAddress);

const depositAmount = process.env.DEPOSIT_WETH;
const ethPrice = process.env.ETH_PRICE;
if (depositAmount === undefined && ethPrice === undefined) throw new Error("set DEPOSIT_WETH (WETH to deposit) and/or ETH_PRICE (new ETH price in USD)");

if (depositAmount !== undefined) {
  const depositor = (await ethers.getSigners())[2];
  await depositWeth(stack, vaultAddress, depositor, depositAmount);
  console.log(`${depositor.address} deposited ${depositAmount} WETH; it holds ${await vault.balanceOf(depositor.address)} shares`);
}
if (ethPrice !== undefined) {
  const price = Number(ethPrice);
  if (!(price > 0)) throw new Error(`ETH_PRICE must be a positive number of USD (got "${ethPrice}")`);
  await moveMarket(stack, price, { alsoRefresh: [stack.feeds.usdcUsd] });
  console.log(`ETH moved to ${toFeedAnswer(price) / 10n ** 8n} USD (feed and pool)`);
}
const status = await vault.rebalanceStatus();
console.log(`vault leverage ${leverageToNumber(status.leverage).toFixed(3)}x, band ${leverageToNumber(status.minLeverage)}x-${leverageToNumber(status.maxLeverage)}x, action due: ${["none", "rebalance", "iterate", "emergency"][Number(status.action)]}`);
