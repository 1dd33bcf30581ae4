/**
 * The keeper, unchanged, on an Aave v3 vault: it reads the vault only through `ILeveragedVault`, so
 * the same CLI and config watch a vault whatever its lending market. One `once` pass against a
 * hardhat node rebalances an out-of-band Aave vault, and a second one, after Aave governance cuts the
 * liquidation threshold under it, runs the emergency delever.
 */
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { privateKeyToAccount } from "viem/accounts";

import { deployLocalStack, moveMarket, type LocalStackWithAave } from "../../scripts/stack/deploy-local-stack.js";
import { deployAaveV3Vault } from "../../scripts/vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";
import { events, runKeeper, type KeeperRun } from "./keeper-process.js";

/** Hardhat's well-known test account #1 (a public key of the default mnemonic, never real funds). */
const KEEPER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const keeperAddress = privateKeyToAccount(KEEPER_KEY).address;
const Action = { None: 0n, Rebalance: 1n, Emergency: 3n };

describe("keeper CLI end to end on an Aave v3 vault", function () {
  this.timeout(120_000);

  let node: RunningNode;
  let ethers: Awaited<ReturnType<typeof network.create>>["ethers"];
  let stack: LocalStackWithAave;
  let vault: ILeveragedVault;
  let configFile: string;
  const failDetails = (run: KeeperRun) => `exit ${run.code}\n${run.stderr}`;
  const once = () => runKeeper(["once", "--config", configFile], { KEEPER_PRIVATE_KEY: KEEPER_KEY });

  before(async function () {
    node = await startHardhatNode();
    ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
    stack = await deployLocalStack(ethers, { aave: true });
    ({ vault } = await deployAaveV3Vault(ethers, stack, { keeper: keeperAddress }));
    const vaultAddress = await vault.getAddress();

    const depositor = (await ethers.getSigners())[3];
    await (await stack.tokens.weth.mint(depositor.address, parseUnits("1000", 18))).wait();
    await (await stack.tokens.weth.connect(depositor).approve(vaultAddress, ethers.MaxUint256)).wait();
    await (await vault.connect(depositor).deposit(parseUnits("100", 18), depositor.address)).wait();
    await moveMarket(stack, 3000);

    const directory = mkdtempSync(path.join(tmpdir(), "keeper-aave-e2e-"));
    configFile = path.join(directory, "keeper.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        rpc: { write: node.url, read: [node.url] },
        chainId: 31337,
        vaults: [{ address: vaultAddress, name: "aave-eth-2x" }],
        signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
        lockFile: path.join(directory, "keeper.lock"),
      }),
    );
  });

  after(async function () {
    await node?.stop();
  });

  it("`once` brings the Aave vault back into its band after ETH falls 10%, and exits 0", async function () {
    await moveMarket(stack, 2700);
    expect((await vault.rebalanceStatus()).action).to.equal(Action.Rebalance);

    const run = await once();
    expect(run.code, failDetails(run)).to.equal(0);
    const [rebalanced] = events(run, "vault.rebalanced");
    expect(rebalanced, run.stderr).to.not.equal(undefined);
    expect(BigInt(rebalanced.leverageAfter as string) < BigInt(rebalanced.leverageBefore as string)).to.equal(true);
    const after = await vault.rebalanceStatus();
    expect(after.action).to.equal(Action.None);
    expect(after.leverage >= after.minLeverage && after.leverage <= after.maxLeverage).to.equal(true);
  });

  it("after Aave governance cuts the liquidation threshold under the vault, `once` runs the emergency delever", async function () {
    await ethers.provider.send("evm_increaseTime", [601]);
    await moveMarket(stack, 2700);
    const weth = stack.aave.reserves.weth;
    // Threshold 55%: liquidation at 2.22x, so 2.0x is the emergency threshold in force and the vault sits above it.
    await (await stack.aave.poolConfigurator.configureReserveAsCollateral(weth.asset, 5000, 5500, weth.risk.liquidationBonus)).wait();
    const before = await vault.rebalanceStatus();
    expect(before.action).to.equal(Action.Emergency);

    const run = await once();
    expect(run.code, failDetails(run)).to.equal(0);
    const [rebalanced] = events(run, "vault.rebalanced");
    expect(rebalanced, run.stderr).to.not.equal(undefined);
    expect((await vault.positionState()).leverage).to.be.lt(before.leverage);
  });
});
