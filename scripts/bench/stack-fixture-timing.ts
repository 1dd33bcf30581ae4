/**
 * Prints how long the local stack takes to deploy on the in-process chain and how long
 * `loadFixture` takes to restore it from its snapshot, measured in the same run.
 *
 *   npx hardhat run scripts/bench/stack-fixture-timing.ts
 */
import { network } from "hardhat";

import { deployLocalStack } from "../stack/deploy-local-stack.js";

const { ethers, networkHelpers } = await network.create();

async function stackFixture() {
  return deployLocalStack(ethers);
}

const startBlock = await ethers.provider.getBlockNumber();
const deployStart = performance.now();
await networkHelpers.loadFixture(stackFixture);
const deployMs = performance.now() - deployStart;
const transactions = (await ethers.provider.getBlockNumber()) - startBlock;

const restores = 50;
const restoreStart = performance.now();
for (let i = 0; i < restores; i++) await networkHelpers.loadFixture(stackFixture);
const restoreMs = (performance.now() - restoreStart) / restores;

console.log(`stack deploy (first loadFixture): ${deployMs.toFixed(0)} ms, ${transactions} transactions`);
console.log(`stack restore (loadFixture from snapshot, mean of ${restores}): ${restoreMs.toFixed(2)} ms`);
console.log(`deploy / restore: ${(deployMs / restoreMs).toFixed(0)}x`);
