/**
 * Seeds the vaults that `npm run deploy` put on a local node, for `npm run app`: three depositors
 * (the node's accounts #2, #4 and #5) deposit into each vault, the test-account wallet (#3) gets WETH
 * and USDC to play with, a month passes with ETH swinging a few percent around 3000 USD each day (so
 * the vault list has 7- and 30-day returns and the history chart a month of NAV), and ETH falls 10%
 * so the keeper has rebalances to do (the chart then shows them).
 *
 *   npx hardhat run scripts/app/seed.ts --network localhost
 *
 * Reads deployments/localhost/{stack,deployment}.json (DEPLOYMENTS_DIR moves the folder).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseUnits } from "ethers";
import { network } from "hardhat";

import { readDeployment } from "../deploy/records.js";
import { connectLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { depositAssets } from "../vault/deposit-weth.js";
import { leverageToNumber } from "../vault/vault-parameters.js";

/** Seeded depositors by account index, with their deposits in WETH (long vaults) and in USDC (inverse vaults). */
export const SEEDED_DEPOSITS: Record<number, { weth: string; usdc: string }> = {
  2: { weth: "10", usdc: "30000" },
  4: { weth: "25", usdc: "75000" },
  5: { weth: "5", usdc: "15000" },
};
/** The account the page's test-account connector uses, and the WETH it is given. */
export const TEST_ACCOUNT = { index: 3, weth: "1000", usdc: "3000000" };
/** Where ETH goes after the deposits (from 3000 USD): leverage leaves the 2x vault's band. */
export const SEEDED_ETH_PRICE = 2700;
/** The seeded month: ETH at each day's close, within ±3% of 3000 USD (leverage stays in the band: nobody rebalances while it passes). */
export const SEEDED_DAILY_ETH_PRICES = Array.from({ length: 31 }, (_, day) => Math.round(3000 * (1 + 0.03 * Math.sin(day / 2.5))));

const folder = path.join(process.env.DEPLOYMENTS_DIR ?? path.join(import.meta.dirname, "..", "..", "deployments"), "localhost");
const read = async (name: string) => JSON.parse(await readFile(path.join(folder, name), "utf8"));
const { ethers } = await network.getOrCreate();
const signers = await ethers.getSigners();
const stack = await connectLocalStack(ethers, await read("stack.json"));
const { vaults } = await readDeployment(folder);
const weth = (await stack.tokens.weth.getAddress()).toLowerCase();

for (const entry of vaults) {
  const long = entry.asset.toLowerCase() === weth;
  for (const [index, amounts] of Object.entries(SEEDED_DEPOSITS)) {
    const amount = long ? amounts.weth : amounts.usdc;
    await depositAssets(stack, entry.vault, signers[Number(index)]!, amount);
    console.log(`account #${index} ${signers[Number(index)]!.address} deposited ${amount} ${long ? "WETH" : "USDC"} into ${entry.symbol}`);
  }
}
const testAccount = signers[TEST_ACCOUNT.index]!;
await (await stack.tokens.weth.connect(stack.signer).mint(testAccount.address, parseUnits(TEST_ACCOUNT.weth, 18))).wait();
await (await stack.tokens.usdc.connect(stack.signer).mint(testAccount.address, parseUnits(TEST_ACCOUNT.usdc, 6))).wait();
console.log(`test account #${TEST_ACCOUNT.index} ${testAccount.address} holds ${TEST_ACCOUNT.weth} WETH and ${TEST_ACCOUNT.usdc} USDC`);

for (const price of SEEDED_DAILY_ETH_PRICES) {
  await ethers.provider.send("evm_increaseTime", [86_400]);
  await moveMarket(stack, price, { alsoRefresh: [stack.feeds.usdcUsd] });
}
console.log(`a month passed: ETH closed each day at ${SEEDED_DAILY_ETH_PRICES.join(", ")} USD`);

await moveMarket(stack, SEEDED_ETH_PRICE, { alsoRefresh: [stack.feeds.usdcUsd] });
for (const entry of vaults) {
  const vault = await ethers.getContractAt("ILeveragedVault", entry.vault);
  const status = await vault.rebalanceStatus();
  console.log(
    `ETH moved to ${SEEDED_ETH_PRICE} USD: ${entry.symbol} leverage ${leverageToNumber(status.leverage).toFixed(3)}x, action due: ${["none", "rebalance", "iterate", "emergency"][Number(status.action)]}`,
  );
}
