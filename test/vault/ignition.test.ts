import { expect } from "chai";
import { parseUnits } from "ethers";
import type { DeploymentParameters } from "@nomicfoundation/ignition-core";

import AaveLeveragedVaultModule from "../../ignition/modules/AaveLeveragedVault.js";
import LeveragedVaultModule from "../../ignition/modules/LeveragedVault.js";
import { stackAddresses, type LocalStackAddresses } from "../../scripts/stack/deploy-local-stack.js";
import { attachVault } from "../../scripts/vault/deploy-vault.js";
import { localParametersFor, type VaultMarket, type VaultRoles } from "../../scripts/vault/ignition-parameters.js";
import { leverageToNumber, type VaultKind } from "../../scripts/vault/vault-parameters.js";
import { currentOracle, currentRisk } from "../fixtures/funded-vaults.js";
import { connection, ethers, localStackFixture, localStackWithAaveFixture, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases } from "../fixtures/markets.js";

type IgnitionParameters = DeploymentParameters;

/** Per market: its Ignition module, the stack it deploys against, and the vault contract it deploys. */
const IGNITION = {
  morpho: {
    moduleId: LeveragedVaultModule.id,
    deploy: (parameters: IgnitionParameters) => connection.ignition.deploy(LeveragedVaultModule, { parameters, displayUi: false }),
    stackFixture: localStackFixture,
    contract: "MorphoBlueLeveragedVault",
  },
  aave: {
    moduleId: AaveLeveragedVaultModule.id,
    deploy: (parameters: IgnitionParameters) => connection.ignition.deploy(AaveLeveragedVaultModule, { parameters, displayUi: false }),
    stackFixture: localStackWithAaveFixture,
    contract: "AaveV3LeveragedVault",
  },
} as const;

for (const market of MARKETS) describe(`Ignition module ${IGNITION[market].moduleId} (on ${marketCases[market].label})`, function () {
  const { deploy, stackFixture, contract } = IGNITION[market];
  /** The module's parameters for the market's vault of `kind` on the loaded stack. */
  const parametersFor = (stack: LocalStackAddresses, kind: VaultKind, roles: VaultRoles = {}) =>
    localParametersFor(market as VaultMarket, stack, kind, roles);
  /** The one module's parameters inside the Ignition parameters object. */
  const vaultParametersOf = (parameters: ReturnType<typeof parametersFor>) => Object.values(parameters)[0]!;

  it("deploys a working long vault against an existing stack from its parameters", async function () {
    const stack = await networkHelpers.loadFixture(stackFixture);
    const [, keeper, alice] = await ethers.getSigners();
    const parameters = parametersFor(await stackAddresses(stack), "long", { keeper: keeper.address });

    const deployed = await deploy(parameters);
    const vault = await attachVault(ethers, await deployed.vault.getAddress());

    expect(await vault.asset()).to.equal(await stack.tokens.weth.getAddress());
    expect(await vault.swapVenue()).to.equal(await stack.uniswap.pool.getAddress());
    expect(await vault.governanceModule()).to.equal(await deployed.governance.getAddress());
    expect(await vault.isKeeper(keeper.address)).to.equal(true);
    expect((await vault.riskParameters()).targetLeverage).to.equal(vaultParametersOf(parameters).risk.targetLeverage);

    const amount = parseUnits("5", 18);
    await stack.tokens.weth.mint(alice.address, amount);
    await stack.tokens.weth.connect(alice).approve(await vault.getAddress(), amount);
    await vault.connect(alice).deposit(amount, alice.address);
    expect(Math.abs(leverageToNumber((await vault.positionState()).leverage) - 2)).to.be.below(0.01);
  });

  it("makes a TimelockController the owner: the deployer proposes and executes, nobody administers it", async function () {
    const stack = await networkHelpers.loadFixture(stackFixture);
    const [deployer] = await ethers.getSigners();
    const parameters = parametersFor(await stackAddresses(stack), "long", { parameterDelay: 3600 });
    const { vault, timelock } = await deploy(parameters);
    const governed = await attachVault(ethers, await vault.getAddress());
    const timelockAddress = await timelock.getAddress();

    expect(await governed.owner()).to.equal(timelockAddress);
    expect(await timelock.getMinDelay()).to.equal(3600n);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer.address)).to.equal(true);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), deployer.address)).to.equal(true);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), timelockAddress)).to.equal(true);
  });

  it("a deployed vault's risk increase waits the timelock's delay; the guardian alone cannot make it", async function () {
    const stack = await networkHelpers.loadFixture(stackFixture);
    const [deployer] = await ethers.getSigners();
    const delay = 3600n;
    const parameters = parametersFor(await stackAddresses(stack), "long", { parameterDelay: Number(delay) });
    const deployed = await deploy(parameters);
    const vault = await attachVault(ethers, await deployed.vault.getAddress());
    const timelock = await ethers.getContractAt("TimelockController", await deployed.timelock.getAddress(), deployer);
    const risk = await currentRisk(vault);
    const oracle = await currentOracle(vault);
    const higher = { ...risk, targetLeverage: parseUnits("2.1", 18) };

    // The deployer is the default guardian: risk-reducing only.
    await expect(vault.connect(deployer).updateParameters(higher, oracle))
      .to.be.revertedWithCustomError(vault, "RiskIncreaseNotPermitted")
      .withArgs(deployer.address);

    const data = vault.interface.encodeFunctionData("updateParameters", [higher, oracle]);
    const [target, salt] = [await vault.getAddress(), ethers.ZeroHash];
    await timelock.schedule(target, 0n, data, ethers.ZeroHash, salt, delay);
    await expect(timelock.execute(target, 0n, data, ethers.ZeroHash, salt)).to.be.revertedWithCustomError(
      timelock,
      "TimelockUnexpectedOperationState",
    );
    expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);

    await networkHelpers.time.increase(delay);
    await expect(timelock.execute(target, 0n, data, ethers.ZeroHash, salt)).to.emit(vault, "ParametersUpdated");
    expect((await currentRisk(vault)).targetLeverage).to.equal(higher.targetLeverage);
  });

  it("deploys an inverse vault from the same module", async function () {
    const stack = await networkHelpers.loadFixture(stackFixture);
    const parameters = parametersFor(await stackAddresses(stack), "inverse");
    const { vault } = await deploy(parameters);
    const deployed = await attachVault(ethers, await vault.getAddress());
    expect(await deployed.asset()).to.equal(await stack.tokens.usdc.getAddress());
    expect(await deployed.debtToken()).to.equal(await stack.tokens.weth.getAddress());
  });
});
