/**
 * What Aave v3 adds to the local stack: the transactions and gas `deployLocalStack` spends without and
 * with the `aave` option, each on a fresh chain; then, on the Aave stack, the gas of the raw leverage
 * calls (RawAaveLeverageBaseline next to RawMorphoLeverageBaseline: a 2x lever-up of 100 WETH in
 * one swap, and a lever-down of half the debt), the figures the Aave vault's gas rows will compare with.
 *
 *   npx hardhat run scripts/bench/aave-stack-cost.ts
 */
import { parseUnits, type ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";

interface DeployCost {
  transactions: number;
  gas: bigint;
  milliseconds: number;
}

async function deployCost<Stack>(deploy: (ethers: HardhatEthers) => Promise<Stack>) {
  const { ethers } = await network.create();
  const startBlock = await ethers.provider.getBlockNumber();
  const start = performance.now();
  const stack = await deploy(ethers);
  const milliseconds = performance.now() - start;
  const endBlock = await ethers.provider.getBlockNumber();
  let transactions = 0;
  let gas = 0n;
  for (let number = startBlock + 1; number <= endBlock; number++) {
    const block = await ethers.provider.getBlock(number);
    if (!block) throw new Error(`block ${number} missing`);
    transactions += block.transactions.length;
    gas += block.gasUsed;
  }
  return { stack, ethers, cost: { transactions, gas, milliseconds } satisfies DeployCost };
}

const withoutAave = (await deployCost((ethers) => deployLocalStack(ethers))).cost;
const { stack, ethers, cost: withAave } = await deployCost((ethers) => deployLocalStack(ethers, { aave: true }));

const row = (label: string, cost: DeployCost) =>
  `${label.padEnd(28)} ${String(cost.transactions).padStart(4)} transactions  ${cost.gas.toLocaleString("en-US").padStart(11)} gas  ${cost.milliseconds.toFixed(0).padStart(5)} ms`;
console.log("Local stack deploy cost (fresh in-process chain each; wall time is indicative only)");
console.log(row("Uniswap + Morpho", withoutAave));
console.log(row("Uniswap + Morpho + Aave", withAave));
console.log(
  row("Aave's share", {
    transactions: withAave.transactions - withoutAave.transactions,
    gas: withAave.gas - withoutAave.gas,
    milliseconds: withAave.milliseconds - withoutAave.milliseconds,
  }),
);

// Raw leverage gas: each baseline opens 2x on 100 WETH, then repays half its debt.
const [deployer, user] = await ethers.getSigners();
const { weth, usdc } = stack.tokens;
const aaveBaseline = await (await ethers.getContractFactory("RawAaveLeverageBaseline", deployer)).deploy(
  await stack.aave.pool.getAddress(),
  await stack.uniswap.pool.getAddress(),
  await weth.getAddress(),
  await usdc.getAddress(),
);
const morphoBaseline = await (await ethers.getContractFactory("RawMorphoLeverageBaseline", deployer)).deploy(
  await stack.morpho.morpho.getAddress(),
  await stack.uniswap.pool.getAddress(),
  stack.morpho.wethCollateralMarket.params,
);
const equity = parseUnits("100", 18);
await weth.mint(user.address, equity * 2n);

async function gasOf(transaction: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await transaction).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return receipt.gasUsed;
}

console.log("\nRaw leverage gas on the same stack (receipt gasUsed)");
// 100 WETH bought at about 3000 USD: about 300,000 USDC of debt; the lever-down buys back half.
const halfTheDebt = parseUnits("150000", 6);
for (const [label, baseline] of [
  ["Morpho + Uniswap", morphoBaseline],
  ["Aave + Uniswap", aaveBaseline],
] as const) {
  await weth.connect(user).approve(await baseline.getAddress(), ethers.MaxUint256);
  const leverUp = await gasOf(baseline.connect(user).deposit(equity, equity));
  const leverDown = await gasOf(baseline.connect(user).leverDown(halfTheDebt));
  const gas = (amount: bigint) => amount.toLocaleString("en-US").padStart(8);
  console.log(`${label.padEnd(28)} 2x lever-up ${gas(leverUp)} gas   lever-down ${gas(leverDown)} gas`);
  await moveMarket(stack, 3000); // put the pool back for the next baseline
}
