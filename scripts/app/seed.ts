/**
 * Seeds a vault that `npm run deploy` put on a local node, for `npm run app`: three depositors
 * (the node's accounts #2, #4 and #5) deposit, the test-account wallet (#3) gets WETH to play with,
 * and ETH falls 10% so the keeper has a rebalance to do (the page's history chart then shows it).
 *
 *   npx hardhat run scripts/app/seed.ts --network localhost
 *
 * Reads deployments/localhost/{stack,vault}.json (DEPLOYMENTS_DIR moves the folder).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseUnits } from "ethers";
import { network } from "hardhat";

import { connectLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { depositWeth } from "../vault/deposit-weth.js";
import { leverageToNumber } from "../vault/vault-parameters.js";

/** Seeded depositors by account index, with their WETH deposits. */
export const SEEDED_DEPOSITS: Record<number, string> = { 2: "10", 4: "25", 5: "5" };
/** The account the page's test-account connector uses, and the WETH it is given. */
export const TEST_ACCOUNT = { index: 3, weth: "1000" };
/** Where ETH goes after the deposits (from 3000 USD): leverage leaves the 2x vault's band. */
export const SEEDED_ETH_PRICE = 2700;

const folder = path.join(process.env.DEPLOYMENTS_DIR ?? path.join(import.meta.dirname, "..", "..", "deployments"), "localhost");
const read = async (name: string) => JSON.parse(await readFile(path.join(folder, name), "utf8"));
const { ethers } = await network.getOrCreate();
const signers = await ethers.getSigners();
const stack = await connectLocalStack(ethers, await read("stack.json"));
const { vault: vaultAddress } = await read("vault.json");

for (const [index, amount] of Object.entries(SEEDED_DEPOSITS)) {
  await depositWeth(stack, vaultAddress, signers[Number(index)]!, amount);
  console.log(`account #${index} ${signers[Number(index)]!.address} deposited ${amount} WETH`);
}
const testAccount = signers[TEST_ACCOUNT.index]!;
await (await stack.tokens.weth.connect(stack.signer).mint(testAccount.address, parseUnits(TEST_ACCOUNT.weth, 18))).wait();
console.log(`test account #${TEST_ACCOUNT.index} ${testAccount.address} holds ${TEST_ACCOUNT.weth} WETH`);

await moveMarket(stack, SEEDED_ETH_PRICE, { alsoRefresh: [stack.feeds.usdcUsd] });
const vault = await ethers.getContractAt("MorphoBlueLeveragedVault", vaultAddress);
const status = await vault.rebalanceStatus();
console.log(`ETH moved to ${SEEDED_ETH_PRICE} USD: leverage ${leverageToNumber(status.leverage).toFixed(3)}x, action due: ${["none", "rebalance", "iterate", "emergency"][Number(status.action)]}`);
