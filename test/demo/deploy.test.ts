import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";

import { events, runKeeper } from "../keeper/keeper-process.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
/** Hardhat's public development key of account #1, which `npm run deploy` makes the vault's keeper. */
const ACCOUNT_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** Runs `hardhat run <script> --network localhost` against `node`, as `npm run deploy` does. */
async function hardhatRun(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, "node_modules/hardhat/dist/src/cli.js"), "run", script, "--network", "localhost"], {
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

describe("npm run deploy against a hardhat node, then the keeper", function () {
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

  it("deploys the stack and a vault with Ignition and records the addresses and a keeper config", async function () {
    const { code, output } = await hardhatRun("scripts/deploy.ts", env);
    expect(code, output).to.equal(0);
    const vault = JSON.parse(await readFile(path.join(folder, "vault.json"), "utf8"));
    const stack = JSON.parse(await readFile(path.join(folder, "stack.json"), "utf8"));
    const keeperConfig = JSON.parse(await readFile(path.join(folder, "keeper.config.json"), "utf8"));
    expect(vault.asset).to.equal(stack.weth);
    expect(vault.debtToken).to.equal(stack.usdc);
    // The vault's owner is the timelock the module deployed, with the default one-day delay.
    expect(vault.timelock).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(vault.parameterDelay).to.equal(86_400);
    expect(keeperConfig.rpc.write).to.equal(node.url);
    expect(keeperConfig.vaults[0].address).to.equal(vault.vault);
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
});
