import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";

import { events, runKeeper } from "../keeper/keeper-process.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
/** Hardhat's public development key of account #1, which `npm run deploy` makes the vault's keeper. */
const ACCOUNT_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** Runs `hardhat run <script> --network localhost` against `node`. */
function hardhatRun(script: string, env: Record<string, string>) {
  return runProcess([path.join(projectRoot, "node_modules/hardhat/dist/src/cli.js"), "run", script, "--network", "localhost"], env);
}

/** Runs a TypeScript entry point with Node, as `npm run deploy` and `npm run vault:create` do. */
function nodeRun(script: string, args: string[], env: Record<string, string>) {
  return runProcess(["--import", "tsx", script, ...args], env);
}

async function runProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, output };
}

describe("npm run deploy and npm run vault:create against a hardhat node, then the keeper", function () {
  this.timeout(180_000);
  let node: RunningNode;
  let env: Record<string, string>;
  let folder: string;

  before(async function () {
    node = await startHardhatNode();
    const deployments = await mkdtemp(path.join(tmpdir(), "leveraged-vault-deployments-"));
    folder = path.join(deployments, "localhost");
    env = { LOCALHOST_RPC_URL: node.url, DEPLOYMENTS_DIR: deployments };
  });

  after(async function () {
    await node?.stop();
  });

  it("deploys the stack, the registry and the factories (Ignition) and a vault through the factory, and records them and a keeper config", async function () {
    const { code, output } = await nodeRun("scripts/deploy/main.ts", [], env);
    expect(code, output).to.equal(0);
    const deployment = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    const stack = JSON.parse(await readFile(path.join(folder, "stack.json"), "utf8"));
    const keeperConfig = JSON.parse(await readFile(path.join(folder, "keeper.config.json"), "utf8"));
    expect(deployment.vaults).to.have.length(1);
    const [vault] = deployment.vaults;
    expect(vault.asset).to.equal(stack.weth);
    expect(vault.debtToken).to.equal(stack.usdc);
    // The vault's owner is the timelock the factory deployed, with a one-day delay.
    expect(vault.owner).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(vault.timelockDelay).to.equal(86_400);
    expect(keeperConfig.rpc.write).to.equal(node.url);
    // The keeper finds the vault from the registry.
    expect(keeperConfig.registry.address).to.equal(deployment.infrastructure.VaultRegistry);
    expect(keeperConfig.vaults).to.equal(undefined);
  });

  it("the written keeper config rebalances the vault after a deposit and a price drop", async function () {
    const moved = await hardhatRun("scripts/local-market.ts", { ...env, DEPOSIT_WETH: "10", ETH_PRICE: "2600" });
    expect(moved.code, moved.output).to.equal(0);
    expect(moved.output).to.match(/action due: rebalance/);

    const config = path.join(folder, "keeper.config.json");
    const run = await runKeeper(["once", "--config", config], { KEEPER_PRIVATE_KEY: ACCOUNT_1_KEY });
    expect(run.code, run.stderr).to.equal(0);
    expect(events(run, "vault.rebalanced")).to.have.length(1);

    const after = await hardhatRun("scripts/local-market.ts", { ...env, ETH_PRICE: "2600" });
    expect(after.output).to.match(/leverage 2\.00\dx.*action due: none/);
  });

  it("npm run vault:create adds an inverse vault from the written parameters; the registry lists it and the record grows", async function () {
    const parameters = path.join(folder, "vault-request.inverse.json");
    const created = await nodeRun("scripts/deploy/create-vault.ts", ["--kind", "morpho", "--parameters", parameters], env);
    expect(created.code, created.output).to.equal(0);
    const deployment = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    expect(deployment.vaults).to.have.length(2);
    expect(deployment.vaults[1].symbol).to.equal("iETH2X");
    expect(created.output).to.contain(deployment.vaults[1].vault);

    // The same parameters (and salt) again: the factory refuses, naming the vault that exists.
    const again = await nodeRun("scripts/deploy/create-vault.ts", ["--parameters", parameters], env);
    expect(again.code, again.output).to.equal(1);
    expect(again.output).to.contain(`VaultAlreadyExists("${deployment.vaults[1].vault}")`);
  });

  it("npm run vault:create names the field a bad parameters file gets wrong, and sends nothing", async function () {
    const parameters = JSON.parse(await readFile(path.join(folder, "vault-request.long.json"), "utf8"));
    const bad = path.join(folder, "bad-request.json");
    await writeFile(bad, JSON.stringify({ ...parameters, pool: "0x1234", risk: { ...parameters.risk, cooldown: -1 } }));
    const refused = await nodeRun("scripts/deploy/create-vault.ts", ["--parameters", bad], env);
    expect(refused.code, refused.output).to.equal(2);
    expect(refused.output).to.match(/pool: must be a 0x-prefixed 20-byte address/);
    expect(refused.output).to.match(/risk\.cooldown: must be a non-negative integer/);
    const deployment = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    expect(deployment.vaults).to.have.length(2);
  });
});
