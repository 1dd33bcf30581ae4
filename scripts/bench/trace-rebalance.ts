/**
 * Where a keeper rebalance spends its gas: traces one lever-up rebalance on the local stack and
 * prints the gas of each external call the vault makes, and its own storage reads and writes.
 *
 *   npx hardhat run scripts/bench/trace-rebalance.ts
 */
import { parseUnits } from "ethers";
import { network } from "hardhat";

import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../vault/deploy-vault.js";

interface StructLog {
  op: string;
  depth: number;
  gas: number;
  stack: string[];
}

const { ethers, networkHelpers } = await network.create();
const stack = await deployLocalStack(ethers);
const [, keeper, alice] = await ethers.getSigners();
const { vault, libraries } = await deployMorphoBlueVault(ethers, stack, { keeper: keeper.address });
await stack.tokens.weth.mint(alice.address, parseUnits("100", 18));
await stack.tokens.weth.connect(alice).approve(await vault.getAddress(), ethers.MaxUint256);
await vault.connect(alice).deposit(parseUnits("100", 18), alice.address);
await moveMarket(stack, 3400);
await networkHelpers.time.increase(700);
const tx = await vault.connect(keeper).rebalance();
const receipt = await tx.wait();

const names = new Map<string, string>([
  [await stack.morpho.morpho.getAddress(), "Morpho"],
  [await stack.morpho.irm.getAddress(), "interest-rate model"],
  [await stack.uniswap.pool.getAddress(), "Uniswap pool"],
  [await stack.feeds.ethUsd.getAddress(), "ETH/USD feed"],
  [await stack.feeds.usdcUsd.getAddress(), "USDC/USD feed"],
  [await stack.tokens.weth.getAddress(), "WETH"],
  [await stack.tokens.usdc.getAddress(), "USDC"],
  [await vault.getAddress(), "vault (swap callback)"],
  [libraries.LeveragedVaultGovernance, "governance module"],
].map(([address, name]) => [address.toLowerCase(), name]));

const { structLogs } = (await ethers.provider.send("debug_traceTransaction", [
  tx.hash,
  { disableStorage: true, disableMemory: true },
])) as { structLogs: StructLog[] };

console.log(`rebalance (lever up) gasUsed ${receipt!.gasUsed}; calls made by the vault (depth 1) and their sub-calls:`);
let storageReads = 0;
let storageWrites = 0;
structLogs.forEach((log, index) => {
  if (log.depth === 1 && log.op === "SLOAD") storageReads++;
  if (log.depth === 1 && log.op === "SSTORE") storageWrites++;
  if (!["CALL", "STATICCALL", "DELEGATECALL"].includes(log.op) || log.depth > 2) return;
  const target = "0x" + BigInt(log.stack[log.stack.length - 2]).toString(16).padStart(40, "0");
  let end = index + 1;
  while (end < structLogs.length && structLogs[end].depth > log.depth) end++;
  const used = log.gas - (structLogs[end]?.gas ?? 0);
  console.log(`${"  ".repeat(log.depth)}${log.op.padEnd(12)} ${(names.get(target) ?? target).padEnd(24)} ${used}`);
});
console.log(`vault storage: ${storageReads} reads, ${storageWrites} writes`);
