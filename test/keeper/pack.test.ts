import { expect } from "chai";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket } from "../../scripts/stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../../scripts/vault/deploy-vault.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
/** Hardhat's well-known test account #1 (public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });

describe("keeper package: packed, installed into an empty folder, run from there", function () {
  this.timeout(600_000);

  let installDirectory: string;
  let node: RunningNode;
  let bin: string;

  before(async function () {
    // `npm test` built both packages (pretest); pack them as they are.
    const packDirectory = mkdtempSync(path.join(tmpdir(), "keeper-pack-"));
    npm(["pack", "--ignore-scripts", "--workspace", "@leveraged-vault/sdk", "--workspace", "@leveraged-vault/keeper", "--pack-destination", packDirectory], projectRoot);
    const tarballs = readdirSync(packDirectory).filter((name) => name.endsWith(".tgz")).map((name) => path.join(packDirectory, name));
    expect(tarballs).to.have.length(2);

    installDirectory = mkdtempSync(path.join(tmpdir(), "keeper-install-"));
    writeFileSync(path.join(installDirectory, "package.json"), JSON.stringify({ name: "keeper-operator", private: true }));
    npm(["install", "--no-package-lock", ...tarballs], installDirectory);
    bin = path.join(installDirectory, "node_modules", ".bin", "leveraged-vault-keeper");
    node = await startHardhatNode();
  });

  after(async function () {
    await node?.stop();
  });

  const keeper = (args: string[]) =>
    spawnSync(bin, args, { cwd: installDirectory, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", KEEPER_PRIVATE_KEY: KEEPER_KEY } });

  it("`leveraged-vault-keeper --help` runs on plain Node from the installed package", function () {
    const result = keeper(["--help"]);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/once \[options\]/).and.to.match(/watch \[options\]/);
  });

  it("`leveraged-vault-keeper once --dry-run` reads a vault on a node, simulates its rebalance and sends nothing", async function () {
    const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
    const stack = await deployLocalStack(ethers);
    const { vault } = await deployMorphoBlueVault(ethers, stack, { keeper: privateKeyToAccount(KEEPER_KEY).address });
    const depositor = (await ethers.getSigners())[3]!;
    await (await stack.tokens.weth.mint(depositor.address, parseUnits("10", 18))).wait();
    await (await stack.tokens.weth.connect(depositor).approve(await vault.getAddress(), ethers.MaxUint256)).wait();
    await (await vault.connect(depositor).deposit(parseUnits("1", 18), depositor.address)).wait();
    await moveMarket(stack, 2700);
    expect((await vault.rebalanceStatus()).action).to.equal(1n);

    const configFile = path.join(installDirectory, "keeper.config.json");
    writeFileSync(configFile, JSON.stringify({ $schema: "./node_modules/@leveraged-vault/keeper/config.schema.json", rpc: { write: node.url }, chainId: 31337, vaults: [await vault.getAddress()] }));
    const result = keeper(["once", "--dry-run", "--config", configFile]);
    expect(result.status, result.stderr).to.equal(0);
    const logs = result.stderr.trim().split("\n").map((line) => JSON.parse(line) as { event: string });
    expect(logs.map((line) => line.event)).to.include.members(["tick.read", "tx.dry_run", "tick.done"]);
    expect((await vault.rebalanceStatus()).action).to.equal(1n);
  });
});
