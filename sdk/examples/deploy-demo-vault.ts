/**
 * Deploys the local stack and a 2x long vault to a running `hardhat node`, funds a depositor, and
 * records the addresses for `quickstart.ts` in deployments/localhost/sdk-demo.json.
 *
 *   npx hardhat node                                                   # terminal 1
 *   npx hardhat run sdk/examples/deploy-demo-vault.ts --network localhost   # terminal 2
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseUnits } from "ethers";
import { network } from "hardhat";

import { deployLocalStack } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../../scripts/vault/deploy-vault.js";

const connection = await network.getOrCreate();
const { ethers } = connection;
const [owner, keeper, depositor] = await ethers.getSigners();
const stack = await deployLocalStack(ethers);
const { vault } = await deployMorphoBlueVault(ethers, stack, { kind: "long", owner: owner!.address, guardian: owner!.address, keeper: keeper!.address });
await (await stack.tokens.weth.mint(depositor!.address, parseUnits("100", 18))).wait();

const demo = {
  rpcUrl: "http://127.0.0.1:8545",
  vault: await vault.getAddress(),
  weth: await stack.tokens.weth.getAddress(),
  depositor: depositor!.address,
  keeper: keeper!.address,
};
const folder = path.join(import.meta.dirname, "..", "..", "deployments", "localhost");
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, "sdk-demo.json"), JSON.stringify(demo, null, 2) + "\n");
console.log("demo vault deployed:", demo);
