/**
 * The vault factories (`MorphoBlueVaultFactory`, `AaveV3VaultFactory`): addresses known before the
 * vault exists, every refusal before anything is deployed, the owner and the Automation adapter.
 * The vault suites themselves (test/vault/) run on vaults these factories create.
 */
import { expect } from "chai";
import { ethers as ethersLib, type Signer } from "ethers";

import { stackAddresses } from "../../scripts/stack/deploy-local-stack.js";
import { vaultCreationCode, writeCreationCode, type VaultInfrastructure } from "../../scripts/vault/deploy-vault.js";
import { localVaultRequest, type LocalVaultOptions } from "../../scripts/vault/local-vault-request.js";
import { createVault, factoryArguments, predictVault, VAULT_FACTORY_KINDS, type VaultRequest } from "../../scripts/vault/vault-request.js";
import type { OracleParameters, RiskParameters } from "../../scripts/vault/vault-parameters.js";
import { WAD } from "../fixtures/funded-vaults.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { vaultsFixture } from "../fixtures/vaults.js";

/** The revert data of a call that must fail (the ABI-encoded custom error). */
async function revertData(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: string }).data;
    if (typeof data === "string" && data.startsWith("0x")) return data;
    throw error;
  }
  throw new Error("the call did not revert");
}

/** Parameter changes `ParameterRules` refuses, each naming the field the refusal names. */
const REFUSED: { field: string; change: (risk: RiskParameters, oracle: OracleParameters) => [RiskParameters, OracleParameters] }[] = [
  { field: "targetLeverage", change: (r, o) => [{ ...r, targetLeverage: WAD / 2n }, o] },
  { field: "targetLeverage", change: (r, o) => [{ ...r, targetLeverage: 11n * WAD, maxLeverage: 12n * WAD, emergencyLeverage: 13n * WAD }, o] },
  { field: "minLeverage", change: (r, o) => [{ ...r, minLeverage: r.targetLeverage + 1n }, o] },
  { field: "maxLeverage", change: (r, o) => [{ ...r, maxLeverage: 9n * WAD, emergencyLeverage: 10n * WAD }, o] },
  { field: "emergencyLeverage", change: (r, o) => [{ ...r, emergencyLeverage: r.maxLeverage }, o] },
  { field: "recenteringSpeedBps", change: (r, o) => [{ ...r, recenteringSpeedBps: 0 }, o] },
  { field: "maxSlippageBps", change: (r, o) => [{ ...r, maxSlippageBps: 301 }, o] },
  { field: "maxPoolDeviationBps", change: (r, o) => [{ ...r, maxPoolDeviationBps: 0 }, o] },
  { field: "emergencyRewardBps", change: (r, o) => [{ ...r, emergencyRewardBps: 101 }, o] },
  { field: "cooldown", change: (r, o) => [{ ...r, cooldown: 86_401 }, o] },
  { field: "gracePeriod", change: (r, o) => [{ ...r, gracePeriod: 7 * 86_400 + 1 }, o] },
  { field: "maxTradeSize", change: (r, o) => [{ ...r, maxTradeSize: 0n }, o] },
  { field: "collateralFeedMaxAge", change: (r, o) => [r, { ...o, collateralFeedMaxAge: 59 }] },
  { field: "debtFeedMaxAge", change: (r, o) => [r, { ...o, debtFeedMaxAge: 90_001 }] },
  { field: "sequencerGracePeriod", change: (r, o) => [r, { ...o, sequencerGracePeriod: 86_401 }] },
  { field: "minPrice", change: (r, o) => [r, { ...o, minPrice: 0n }] },
  { field: "maxPrice", change: (r, o) => [r, { ...o, maxPrice: ((2n ** 120n - 1n) << 136n) + 1n }] },
];

for (const market of MARKETS) describe(`vault factory (${marketCases[market].label})`, function () {
  const factoryName = market === "morpho" ? "MorphoBlueVaultFactory" : "AaveV3VaultFactory";

  async function setup() {
    const fixture = await networkHelpers.loadFixture(vaultsFixture(market));
    const infrastructure = fixture.long.libraries;
    const addresses = await stackAddresses(fixture.stack);
    const registry = await ethers.getContractAt("VaultRegistry", infrastructure.VaultRegistry);
    const factory = await ethers.getContractAt(factoryName, infrastructure[factoryName]!);
    const request = (options: LocalVaultOptions = {}) => localVaultRequest(addresses, market, fixture.owner.address, options);
    return { ...fixture, infrastructure, registry, factory, request };
  }

  /** Sends `createVault` for `request` from `signer` (the raw transaction, so a test can expect its revert). */
  function sendCreate(factory: Awaited<ReturnType<typeof setup>>["factory"], request: VaultRequest, signer?: Signer) {
    const { spec, owner, automation, salt } = factoryArguments(request);
    const connected = signer ? factory.connect(signer) : factory;
    return market === "morpho"
      ? (connected as never as { createVault: (...args: unknown[]) => Promise<unknown> }).createVault(spec, request.market, request.pool, owner, automation, salt)
      : (connected as never as { createVault: (...args: unknown[]) => Promise<unknown> }).createVault(spec, request.pool, owner, automation, salt);
  }

  it("creates the vault, its new timelock and its adapter where predictVaultAddress said, and the registry emits VaultCreated with every field", async function () {
    const { infrastructure, registry, factory, request, owner, bob, stack } = await setup();
    const vaultRequest = request({ timelock: { delay: 3600, proposers: [owner.address] }, automationAdapterOwner: bob.address });
    const predicted = await predictVault(ethers, infrastructure, vaultRequest);
    for (const address of [predicted.vault, predicted.owner, predicted.automationAdapter]) expect(await ethers.provider.getCode(address)).to.equal("0x");
    const index = await registry.vaultCount();
    const marketId = market === "morpho" ? stack.morpho.wethCollateralMarket.id : ethersLib.zeroPadValue(await stack.aave!.pool.getAddress(), 32);

    await expect(sendCreate(factory, { ...vaultRequest, salt: predicted.salt }))
      .to.emit(registry, "VaultCreated")
      .withArgs(
        predicted.vault,
        ethersLib.encodeBytes32String(VAULT_FACTORY_KINDS[market]),
        infrastructure[factoryName],
        vaultRequest.collateralToken,
        vaultRequest.debtToken,
        marketId,
        vaultRequest.pool,
        vaultRequest.risk.targetLeverage,
        predicted.owner,
        predicted.automationAdapter,
        index,
      );
    for (const address of [predicted.vault, predicted.owner, predicted.automationAdapter]) expect(await ethers.provider.getCode(address)).not.to.equal("0x");
    expect(await registry.isVault(predicted.vault)).to.equal(true);
    const vault = await ethers.getContractAt("ILeveragedVault", predicted.vault);
    expect(await vault.owner()).to.equal(predicted.owner);
    expect(await (await ethers.getContractAt("TimelockController", predicted.owner)).getMinDelay()).to.equal(3600n);
  });

  it("the adapter it deploys is a keeper of the vault from the start, for its vault and its owner; the factory's adapter parameters are empty outside a creation", async function () {
    const { infrastructure, factory, request, bob } = await setup();
    const created = await createVault(ethers, infrastructure, request({ automationAdapterOwner: bob.address }));
    const adapter = await ethers.getContractAt("VaultAutomationAdapter", created.automationAdapter!);
    const vault = await ethers.getContractAt("ILeveragedVault", created.vault);
    expect(await vault.isKeeper(created.automationAdapter!)).to.equal(true);
    expect(await adapter.vault()).to.equal(created.vault);
    expect(await adapter.owner()).to.equal(bob.address);
    const parameters = await factory.automationAdapterParameters();
    expect([parameters.vault, parameters.owner]).to.deep.equal([ethers.ZeroAddress, ethers.ZeroAddress]);
  });

  it("the same arguments and salt twice: the second creation reverts naming the existing vault", async function () {
    const { infrastructure, factory, registry, request } = await setup();
    const vaultRequest = request({ salt: ethers.id("twice") });
    const first = await createVault(ethers, infrastructure, vaultRequest);
    const count = await registry.vaultCount();
    await expect(sendCreate(factory, vaultRequest)).to.be.revertedWithCustomError(factory, "VaultAlreadyExists").withArgs(first.vault);
    expect(await registry.vaultCount()).to.equal(count);
  });

  it("the same salt with one argument changed creates another vault at another address", async function () {
    const { infrastructure, request } = await setup();
    const salt = ethers.id("same salt");
    const first = await createVault(ethers, infrastructure, request({ salt }));
    const second = await createVault(ethers, infrastructure, request({ salt, band: [1.9, 2.1] }));
    expect(second.vault).not.to.equal(first.vault);
  });

  for (const { field, change } of REFUSED) {
    it(`${field} out of bounds: the same ParameterOutOfBounds as the vault's governance, and nothing deployed or registered`, async function () {
      const { long, owner, factory, registry, request, infrastructure } = await setup();
      const base = request();
      const [risk, oracle] = change(base.risk, base.oracle);
      const refused = { ...base, risk, oracle };
      const predicted = await predictVault(ethers, infrastructure, refused);
      const count = await registry.vaultCount();

      const fromFactory = await revertData(sendCreate(factory, { ...refused, salt: predicted.salt }));
      const fromGovernance = await revertData(long.vault.connect(owner).updateParameters.staticCall(risk, oracle));
      expect(fromFactory).to.equal(fromGovernance);
      expect(long.vault.interface.parseError(fromFactory)?.args[0]).to.equal(field);

      expect(await ethers.provider.getCode(predicted.vault)).to.equal("0x");
      expect(await registry.vaultCount()).to.equal(count);
    });
  }

  it("refuses a pool the pinned Uniswap v3 factory does not list, an EOA as the pool, and a missing owner or adapter owner", async function () {
    const { factory, request, stack, mallory } = await setup();
    const notAPool = await stack.tokens.weth.getAddress();
    await expect(sendCreate(factory, { ...request(), pool: notAPool }))
      .to.be.revertedWithCustomError(factory, "PoolNotFromUniswapFactory")
      .withArgs(notAPool, ethers.ZeroAddress);
    await expect(sendCreate(factory, { ...request(), pool: mallory.address }))
      .to.be.revertedWithCustomError(factory, "PoolNotFromUniswapFactory")
      .withArgs(mallory.address, ethers.ZeroAddress);
    await expect(sendCreate(factory, { ...request(), owner: { timelock: { delay: 60, proposers: [] } } })).to.be.revertedWithCustomError(factory, "NoOwner");
    const noAdapterOwner = { ...request(), automationAdapterOwner: ethers.ZeroAddress };
    await expect(sendCreate(factory, noAdapterOwner)).to.be.revertedWithCustomError(factory, "NoAdapterOwner");
  });

  it("createAutomationAdapter: for listed vaults only, at the predicted address, once per salt; the adapter is no keeper until the owner says so", async function () {
    const { factory, long, bob, mallory } = await setup();
    const vault = await long.vault.getAddress();
    const salt = ethers.id("adapter");
    await expect(factory.createAutomationAdapter(mallory.address, bob.address, salt)).to.be.revertedWithCustomError(factory, "NotAVault").withArgs(mallory.address);
    await expect(factory.createAutomationAdapter(vault, ethers.ZeroAddress, salt)).to.be.revertedWithCustomError(factory, "NoAdapterOwner");
    const predicted = await factory.predictAutomationAdapterAddress(vault, bob.address, salt);
    await expect(factory.createAutomationAdapter(vault, bob.address, salt)).to.emit(factory, "AutomationAdapterCreated").withArgs(vault, predicted, bob.address);
    await expect(factory.createAutomationAdapter(vault, bob.address, salt)).to.be.revertedWithCustomError(factory, "AutomationAdapterAlreadyExists").withArgs(predicted);
    expect(await long.vault.isKeeper(predicted)).to.equal(false);
  });

  it("a factory the registry's owner did not approve cannot register: its creation reverts and leaves nothing", async function () {
    const { infrastructure, registry, request, owner } = await setup();
    const unapproved = await deployUnapprovedFactory(market, infrastructure, owner);
    const vaultRequest = request();
    const predicted = await predictVault(ethers, { MorphoBlueVaultFactory: unapproved, AaveV3VaultFactory: unapproved }, vaultRequest);
    const factory = await ethers.getContractAt(factoryName, unapproved);
    await expect(sendCreate(factory as never, { ...vaultRequest, salt: predicted.salt }))
      .to.be.revertedWithCustomError(registry, "FactoryNotApproved")
      .withArgs(unapproved);
    expect(await ethers.provider.getCode(predicted.vault)).to.equal("0x");
  });
});

/** A second factory of `market`'s kind on the same registry, never approved. */
async function deployUnapprovedFactory(market: MarketName, infrastructure: VaultInfrastructure, signer: Signer): Promise<string> {
  const writer = await (await ethers.getContractFactory("CreationCodeWriter", signer)).deploy();
  const contract = market === "morpho" ? "MorphoBlueLeveragedVault" : "AaveV3LeveragedVault";
  const chunks = await writeCreationCode(writer as never, await vaultCreationCode(ethers, contract, infrastructure));
  const factoryName = market === "morpho" ? "MorphoBlueVaultFactory" : "AaveV3VaultFactory";
  const reference = await ethers.getContractAt("MorphoBlueVaultFactory", infrastructure[factoryName]!);
  const protocol = market === "morpho" ? await reference.morpho() : await (await ethers.getContractAt("AaveV3VaultFactory", infrastructure[factoryName]!)).aavePool();
  const deployed = await (
    await ethers.getContractFactory(factoryName, { signer, libraries: { ParameterRules: infrastructure.ParameterRules } })
  ).deploy(infrastructure.VaultRegistry, infrastructure.LeveragedVaultGovernance, await reference.uniswapV3Factory(), protocol, chunks);
  return deployed.getAddress();
}
