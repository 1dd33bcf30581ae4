import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { network } from "hardhat";

import { networkVariables } from "../../scripts/networks/network-list.js";
import { runScript } from "../helpers/run-script.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { events, runKeeper } from "../keeper/keeper-process.js";
import { deployRehearsalStack } from "./rehearsal-stack.js";
import { getAddress } from "viem";

import { parseChains } from "../../app/src/config/chains.js";
import { requireExplorerApiKey, verificationRuntime } from "../../scripts/deploy/verification.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
/** Hardhat's public development key of account #0: the rehearsal's deployer and keeper. */
const ACCOUNT_0_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const BASE_SEPOLIA_CHAIN_ID = 84532;
/** The README's "Deploy to a network" commands; the rehearsal adds only its override and folder. */
const PRESET_ARGS = ["--network", "base-sepolia", "--pair", "WETH/USDC", "--market", "morpho"];

async function blockNumber(url: string): Promise<number> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }) });
  return Number(((await response.json()) as { result: string }).result);
}

describe("The Base Sepolia rehearsal: a node with chain id 84532 (chain type op) running the local stack, deployed to with the preset path", function () {
  this.timeout(240_000);
  const variables = networkVariables("base-sepolia");
  const ignitionDeploymentId = `rehearsal-base-sepolia-${process.pid}-${Date.now()}`;
  let node: RunningNode;
  let env: Record<string, string>;
  let overrideFile: string;
  let deployments: string;
  let folder: string;
  let deploy: { code: number | null; output: string };

  before(async function () {
    node = await startHardhatNode(60_000, undefined, { chainId: BASE_SEPOLIA_CHAIN_ID, chainType: "op" });
    env = { [variables.rpcUrl]: node.url, [variables.deployerKey]: ACCOUNT_0_KEY };
    Object.assign(process.env, env);
    const connection = await network.create({ network: "base-sepolia" });
    const { override } = await deployRehearsalStack(connection.ethers);
    deployments = await mkdtemp(path.join(tmpdir(), "leveraged-vault-rehearsal-"));
    folder = path.join(deployments, "base-sepolia");
    overrideFile = path.join(deployments, "base-sepolia.override.json");
    await writeFile(overrideFile, JSON.stringify(override, null, 2));
    await connection.close();
  });

  after(async function () {
    await node?.stop();
    for (const name of Object.keys(env ?? {})) delete process.env[name];
    await rm(path.join(projectRoot, "ignition", "deployments", ignitionDeploymentId), { recursive: true, force: true });
  });

  it("runs the README's \"Deploy to a network\" commands, word for word", async function () {
    const readme = await readFile(path.join(projectRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Deploy to a network"), readme.indexOf("## Chainlink Automation"));
    for (const command of [`npm run preflight -- ${PRESET_ARGS.join(" ")}`, `npm run deploy -- ${PRESET_ARGS.join(" ")}`, "npm run verify -- --network base-sepolia", "npm run keeper -- once --config deployments/base-sepolia/keeper.config.json", "npm run --silent app:chains", "npx hardhat keystore set BASE_SEPOLIA_RPC_URL", "npx hardhat keystore set BASE_SEPOLIA_DEPLOYER_KEY"]) {
      expect(section, command).to.contain(command);
    }
    for (const variable of Object.values(variables)) expect(section, variable).to.contain(variable);
  });

  it("the node serves Base Sepolia's chain id", async function () {
    const response = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }) });
    expect(Number(((await response.json()) as { result: string }).result)).to.equal(BASE_SEPOLIA_CHAIN_ID);
  });

  it("npm run preflight prints every check against the local stack and passes (exit 0)", async function () {
    const { code, output } = await runScript("scripts/preflight/main.ts", [...PRESET_ARGS, "--preset-override", overrideFile, "--deployments", deployments], env);
    if (process.env.REHEARSAL_DEBUG) console.log(output);
    expect(code, output).to.equal(0);
    for (const check of ["chain id", "gas price", "feed ETH/USD (collateral)", "feed USDC/USD (debt)", "sequencer uptime", "uniswap pool", "pool price vs feeds", "pool depth vs rebalance", "morpho market", "morpho liquidity", "leverage the market allows", "parameter rules"]) {
      expect(output, check).to.contain(check);
    }
    expect(output).to.match(/ok\s+chain id\s+84532 \(base-sepolia, chain type op\)/);
    // The market is absent: the table shows the createMarket call (selector 0x8c1358a2) the deploy sends.
    expect(output).to.match(/not exist yet[\s\S]*createMarket to\s+0x[0-9a-fA-F]{40}\s+data\s+0x8c1358a2/);
    expect(output).to.contain("preflight passed");
  });

  it("npm run preflight and npm run deploy exit 2 on bad input, naming the flag", async function () {
    const preflight = await runScript("scripts/preflight/main.ts", ["--network", "base-sepolia", "--market", "morpho", "--pair", "ETH/DAI", "--preset-override", overrideFile], env);
    expect(preflight.code, preflight.output).to.equal(2);
    expect(preflight.output).to.contain('--pair must be one of WETH/USDC, USDC/WETH (got "ETH/DAI")');
    const deploy = await runScript("scripts/deploy/main.ts", ["--network", "base-sepolia", "--market", "morpho", "--safe", "0x1234", "--preset-override", overrideFile, "--deployments", deployments], env);
    expect(deploy.code, deploy.output).to.equal(2);
    expect(deploy.output).to.contain('--safe must be a 0x-prefixed 20-byte address (got "0x1234")');
  });

  it("npm run deploy -- --verify without an explorer API key exits 2 naming ETHERSCAN_API_KEY, and sends nothing", async function () {
    const before = await blockNumber(node.url);
    const run = await runScript(
      "scripts/deploy/main.ts",
      [...PRESET_ARGS, "--preset-override", overrideFile, "--deployments", deployments, "--deployment-id", ignitionDeploymentId, "--verify"],
      { ...env, ETHERSCAN_API_KEY: "" },
    );
    expect(run.code, run.output).to.equal(2);
    expect(run.output).to.contain("--verify needs an explorer API key: set ETHERSCAN_API_KEY");
    expect(await blockNumber(node.url)).to.equal(before);
  });

  it("npm run verify exits 2 naming the missing plan before a deploy, and its runtime verifies on base-sepolia itself (chain 84532), not the in-process chain", async function () {
    const run = await runScript("scripts/deploy/verify.ts", ["--network", "base-sepolia", "--deployments", deployments], env);
    expect(run.code, run.output).to.equal(2);
    expect(run.output).to.contain(`no verification plan at ${path.join(folder, "verification.json")}`);
    const hre = await verificationRuntime("base-sepolia");
    const connection = await hre.network.create();
    expect(connection.networkName).to.equal("base-sepolia");
    expect(Number(await connection.provider.request({ method: "eth_chainId" }))).to.equal(BASE_SEPOLIA_CHAIN_ID);
    await connection.close();
    process.env.ETHERSCAN_API_KEY = "an-explorer-key";
    try {
      expect(await hre.config.verify.etherscan.apiKey.get()).to.equal("an-explorer-key");
      await requireExplorerApiKey(hre);
    } finally {
      delete process.env.ETHERSCAN_API_KEY;
    }
  });

  it("npm run deploy -- --network base-sepolia runs the preflight, creates the Morpho market with the project's oracle, the registry and factories, and the vault", async function () {
    deploy = await runScript(
      "scripts/deploy/main.ts",
      [...PRESET_ARGS, "--preset-override", overrideFile, "--deployments", deployments, "--deployment-id", ignitionDeploymentId],
      env,
    );
    expect(deploy.code, deploy.output).to.equal(0);
    expect(deploy.output).to.contain("preflight passed");
    expect(deploy.output.indexOf("preflight passed")).to.be.below(deploy.output.indexOf("Morpho oracle ChainlinkMorphoOracle"));
    expect(deploy.output).to.match(/Morpho Blue market 0x[0-9a-f]{64} created/);
    const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    expect(record.chainId).to.equal(BASE_SEPOLIA_CHAIN_ID);
    expect(record.network).to.equal("base-sepolia");
    expect(record.vaults).to.have.length(1);
    expect(record.vaults[0].symbol).to.equal("ETH2X");
    expect(record.vaults[0].timelockDelay).to.equal(86_400);
    expect(record.morphoMarkets[0].params.oracle).to.equal(record.morphoMarkets[0].oracle.address);
    expect(record.protocols.morpho).to.equal(JSON.parse(await readFile(overrideFile, "utf8")).morpho.morpho);
  });

  it("writes the verification dry run: every contract with its constructor arguments, the vault with its linked libraries", async function () {
    const plan = JSON.parse(await readFile(path.join(folder, "verification.json"), "utf8"));
    if (process.env.REHEARSAL_DEBUG) console.log(deploy.output, JSON.stringify(plan.entries.map((entry: object) => ({ ...entry, constructorArgs: undefined })), null, 1));
    const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    const byContract = (name: string) => plan.entries.filter((entry: { contract: string }) => entry.contract.endsWith(`:${name}`));
    for (const name of ["VaultRegistry", "MorphoBlueVaultFactory", "AaveV3VaultFactory", "ParameterRules", "ChainlinkMorphoOracle", "MorphoBlueLeveragedVault", "TimelockController"]) {
      expect(byContract(name), name).to.have.length(1);
    }
    const [vault] = byContract("MorphoBlueLeveragedVault");
    expect(vault.address).to.equal(record.vaults[0].vault);
    expect(vault.libraries).to.deep.equal({
      "contracts/venues/UniswapV3MeanPrice.sol:UniswapV3MeanPrice": record.infrastructure.UniswapV3MeanPrice,
      "contracts/markets/MorphoBlueInterest.sol:MorphoBlueInterest": record.infrastructure.MorphoBlueInterest,
    });
    expect(vault.constructorArgs[1]).to.equal(record.vaults[0].owner);
    const [factory] = byContract("MorphoBlueVaultFactory");
    expect(factory.libraries).to.deep.equal({ ParameterRules: record.infrastructure.ParameterRules });
    expect(plan.checks[0]).to.match(/hashes to the factory's vaultCreationCodeHash/);
    expect(plan.skipped).to.deep.equal([]);
  });

  it("npm run app:chains turns deployments/ into the dApp's chain config: base-sepolia's registry, viem's name, the given RPC", async function () {
    const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    const run = await runScript("scripts/app/print-chains.ts", ["--deployments", deployments, "--rpc", `base-sepolia=${node.url}`], env);
    expect(run.code, run.output).to.equal(0);
    expect(parseChains(run.output.trim())).to.deep.equal([{ chainId: BASE_SEPOLIA_CHAIN_ID, name: "Base Sepolia", rpcUrl: node.url, registry: getAddress(record.infrastructure.VaultRegistry) }]);
    const bad = await runScript("scripts/app/print-chains.ts", ["--deployments", deployments, "--rpc", "base=https://mainnet.base.org"], env);
    expect(bad.code, bad.output).to.equal(2);
    expect(bad.output).to.contain("--rpc names base, which has no deployment");
  });

  it("writes a keeper config on which a keeper `once` finds the vault from the registry and exits 0", async function () {
    const config = JSON.parse(await readFile(path.join(folder, "keeper.config.json"), "utf8"));
    const record = JSON.parse(await readFile(path.join(folder, "deployment.json"), "utf8"));
    expect(config.registry).to.deep.equal({ address: record.infrastructure.VaultRegistry });
    expect(config.chainId).to.equal(BASE_SEPOLIA_CHAIN_ID);
    expect(config.rpc, "a real network's RPC stays out of the file").to.equal(undefined);
    const run = await runKeeper(["once", "--config", path.join(folder, "keeper.config.json")], { KEEPER_RPC_URL: node.url, KEEPER_PRIVATE_KEY: ACCOUNT_0_KEY });
    expect(run.code, run.stderr).to.equal(0);
    expect(events(run, "vault.rebalanced")).to.have.length(0);
  });
});
