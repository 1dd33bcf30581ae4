import { expect } from "chai";
import { keccak256, parseUnits } from "ethers";

import { deployInfrastructure } from "../../scripts/deploy/infrastructure.js";
import { stackAddresses } from "../../scripts/stack/deploy-local-stack.js";
import { attachVault, stackProtocols, vaultCreationCode } from "../../scripts/vault/deploy-vault.js";
import { localVaultRequest, type LocalVaultOptions } from "../../scripts/vault/local-vault-request.js";
import { leverageToNumber } from "../../scripts/vault/vault-parameters.js";
import { createVault } from "../../scripts/vault/vault-request.js";
import { currentOracle, currentRisk } from "../fixtures/funded-vaults.js";
import { connection, ethers, localStackFixture, localStackWithAaveFixture, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases } from "../fixtures/markets.js";

/** Per market: the stack it deploys against, its factory in the infrastructure, and the vault contract that factory deploys. */
const CASES = {
  morpho: { stackFixture: localStackFixture, factory: "MorphoBlueVaultFactory", contract: "MorphoBlueLeveragedVault" },
  aave: { stackFixture: localStackWithAaveFixture, factory: "AaveV3VaultFactory", contract: "AaveV3LeveragedVault" },
} as const;

let deploymentCount = 0;

for (const market of MARKETS) describe(`Ignition: the registry and the factories, then a vault through the factory (on ${marketCases[market].label})`, function () {
  const { stackFixture, factory: factoryName, contract } = CASES[market];

  /** The stack, the infrastructure Ignition deployed on it, and a `create(options)` that makes a vault through the factory. */
  async function deployed() {
    const stack = await networkHelpers.loadFixture(stackFixture);
    const [deployer] = await ethers.getSigners();
    const deploymentId = `ignition-test-${market}-${++deploymentCount}`;
    const infrastructure = await deployInfrastructure(connection, await stackProtocols(stack), deploymentId);
    const addresses = await stackAddresses(stack);
    const create = async (options: LocalVaultOptions) => {
      const created = await createVault(ethers, infrastructure, localVaultRequest(addresses, market, deployer!.address, options));
      return { created, vault: await attachVault(ethers, created.vault) };
    };
    return { stack, infrastructure, create, deployer: deployer! };
  }

  it("deploys the registry and the factory, approved, keeping the vault's creation code linked with the deployed libraries", async function () {
    const { infrastructure } = await deployed();
    const registry = await ethers.getContractAt("VaultRegistry", infrastructure.VaultRegistry);
    const factoryAddress = infrastructure[factoryName]!;
    const factory = await ethers.getContractAt(factoryName, factoryAddress);
    expect(await registry.isFactoryApproved(factoryAddress)).to.equal(true);
    expect(await factory.registry()).to.equal(infrastructure.VaultRegistry);
    expect(await factory.governanceModule()).to.equal(infrastructure.LeveragedVaultGovernance);
    expect(await factory.vaultCreationCodeHash()).to.equal(keccak256(await vaultCreationCode(ethers, contract, infrastructure)));
  });

  it("creates a working long vault through the factory, listed in the registry", async function () {
    const { stack, infrastructure, create } = await deployed();
    const [, keeper, alice] = await ethers.getSigners();
    const { vault, created } = await create({ kind: "long", keeper: keeper!.address });
    const registry = await ethers.getContractAt("VaultRegistry", infrastructure.VaultRegistry);
    expect(await registry.isVault(created.vault)).to.equal(true);
    expect(await vault.asset()).to.equal(await stack.tokens.weth.getAddress());
    expect(await vault.swapVenue()).to.equal(await stack.uniswap.pool.getAddress());
    expect(await vault.governanceModule()).to.equal(infrastructure.LeveragedVaultGovernance);
    expect(await vault.isKeeper(keeper!.address)).to.equal(true);

    const amount = parseUnits("5", 18);
    await stack.tokens.weth.mint(alice!.address, amount);
    await stack.tokens.weth.connect(alice!).approve(created.vault, amount);
    await vault.connect(alice!).deposit(amount, alice!.address);
    expect(Math.abs(leverageToNumber((await vault.positionState()).leverage) - 2)).to.be.below(0.01);
  });

  it("makes a new TimelockController the owner: the deployer proposes and executes, nobody administers it", async function () {
    const { create, deployer } = await deployed();
    const { vault, created } = await create({ timelock: { delay: 3600, proposers: [deployer.address] } });
    const timelock = await ethers.getContractAt("TimelockController", created.owner);
    expect(await vault.owner()).to.equal(created.owner);
    expect(await timelock.getMinDelay()).to.equal(3600n);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), deployer.address)).to.equal(true);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), deployer.address)).to.equal(true);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), created.owner)).to.equal(true);
  });

  it("a created vault's risk increase waits the timelock's delay; the guardian alone cannot make it", async function () {
    const { create, deployer } = await deployed();
    const delay = 3600n;
    const { vault, created } = await create({ timelock: { delay: Number(delay), proposers: [deployer.address] } });
    const timelock = await ethers.getContractAt("TimelockController", created.owner, deployer);
    const risk = await currentRisk(vault);
    const oracle = await currentOracle(vault);
    const higher = { ...risk, targetLeverage: parseUnits("2.1", 18) };

    // The deployer is the default guardian: risk-reducing only.
    await expect(vault.connect(deployer).updateParameters(higher, oracle))
      .to.be.revertedWithCustomError(vault, "RiskIncreaseNotPermitted")
      .withArgs(deployer.address);

    const data = vault.interface.encodeFunctionData("updateParameters", [higher, oracle]);
    const [target, salt] = [created.vault, ethers.ZeroHash];
    await timelock.schedule(target, 0n, data, ethers.ZeroHash, salt, delay);
    await expect(timelock.execute(target, 0n, data, ethers.ZeroHash, salt)).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
    expect((await currentRisk(vault)).targetLeverage).to.equal(risk.targetLeverage);

    await networkHelpers.time.increase(delay);
    await expect(timelock.execute(target, 0n, data, ethers.ZeroHash, salt)).to.emit(vault, "ParametersUpdated");
    expect((await currentRisk(vault)).targetLeverage).to.equal(higher.targetLeverage);
  });

  it("creates an inverse vault from the same factory", async function () {
    const { stack, create } = await deployed();
    const { vault } = await create({ kind: "inverse" });
    expect(await vault.asset()).to.equal(await stack.tokens.usdc.getAddress());
    expect(await vault.debtToken()).to.equal(await stack.tokens.weth.getAddress());
  });
});
