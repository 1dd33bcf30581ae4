/**
 * The SDK's registry and factory actions against the real registry and factories on the local
 * stack: getVaults pages and filters, isVault answers for any address, predictVaultAddress is where
 * buildCreateVault's transaction deploys, and their query options key by what changes the answer.
 */
import { expect } from "chai";
import { createPublicClient, custom, getAddress, zeroAddress, type Address, type EIP1193Provider, type Hex } from "viem";
import { hardhat } from "viem/chains";

import {
  buildCreateVault,
  getVaults,
  getVaultsQueryOptions,
  isVault,
  isVaultQueryOptions,
  predictVaultAddress,
  predictVaultAddressQueryOptions,
  vaultKindToBytes32,
  vaultKindFromBytes32,
  type CreateVaultArguments,
} from "../../sdk/src/index.js";
import { stackAddresses } from "../../scripts/stack/deploy-local-stack.js";
import { localVaultRequest, type LocalVaultOptions } from "../../scripts/vault/local-vault-request.js";
import { factoryArguments, VAULT_FACTORY_KINDS } from "../../scripts/vault/vault-request.js";
import { connection, ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { vaultsFixture } from "../fixtures/vaults.js";

const publicClient = createPublicClient({
  chain: hardhat,
  transport: custom(connection.provider as unknown as EIP1193Provider, { retryCount: 0 }),
});

for (const market of MARKETS) describe(`sdk registry and factory actions (${marketCases[market].label})`, function () {
  const kind = VAULT_FACTORY_KINDS[market];

  async function setup() {
    const fixture = await networkHelpers.loadFixture(vaultsFixture(market));
    const infrastructure = fixture.long.libraries;
    const registry = infrastructure.VaultRegistry as Address;
    const factory = (market === "morpho" ? infrastructure.MorphoBlueVaultFactory : infrastructure.AaveV3VaultFactory) as Address;
    const addresses = await stackAddresses(fixture.stack);
    const long = getAddress(await fixture.long.vault.getAddress());
    const inverse = getAddress(await fixture.inverse.vault.getAddress());
    const weth = getAddress(await fixture.stack.tokens.weth.getAddress());
    const usdc = getAddress(await fixture.stack.tokens.usdc.getAddress());
    /** The SDK's creation arguments for a local vault request (the scripts' own request builder). */
    const creation = (options: LocalVaultOptions = {}): CreateVaultArguments => {
      const request = localVaultRequest(addresses, market, fixture.owner.address, options);
      const { spec, owner, automation, salt } = factoryArguments(request);
      const common = { factory, spec: spec as never, pool: request.pool as Address, owner: owner as never, automation: automation as never, salt: salt as Hex };
      return market === "morpho" ? { ...common, kind: "morpho-blue/uniswap-v3", market: request.market as never } : { ...common, kind: "aave-v3/uniswap-v3" };
    };
    return { ...fixture, registry, factory, long, inverse, weth, usdc, creation };
  }

  it("getVaults lists the fixture's long and inverse vaults with their kind, pair, factory and creation block", async function () {
    const { registry, factory, long, inverse, weth, usdc } = await setup();
    const { vaults, total } = await getVaults(publicClient, { registry });
    expect(total).to.equal(2n);
    expect(vaults.map((listing) => listing.vault)).to.deep.equal([long, inverse]);
    expect(vaults[0]).to.include({ kind, collateralToken: weth, debtToken: usdc, factory, retired: false });
    expect(vaults[1]).to.include({ kind, collateralToken: usdc, debtToken: weth });
    const block = await publicClient.getBlock({ blockNumber: vaults[0]!.createdAtBlock });
    expect(vaults[0]!.createdAt).to.equal(block.timestamp);
  });

  it("getVaults pages read each vault exactly once, and a page past the end is empty", async function () {
    const { registry, long, inverse } = await setup();
    const first = await getVaults(publicClient, { registry, offset: 0n, limit: 1n });
    const second = await getVaults(publicClient, { registry, offset: 1n, limit: 1n });
    const past = await getVaults(publicClient, { registry, offset: 2n, limit: 10n });
    expect([...first.vaults, ...second.vaults].map((listing) => listing.vault)).to.deep.equal([long, inverse]);
    expect(past).to.deep.equal({ vaults: [], total: 2n });
  });

  it("getVaults filters by pair and by kind through the registry's own indexes", async function () {
    const { registry, long, inverse, weth, usdc } = await setup();
    const longs = await getVaults(publicClient, { registry, collateralToken: weth, debtToken: usdc });
    const inverses = await getVaults(publicClient, { registry, collateralToken: usdc, debtToken: weth });
    expect(longs.vaults.map((listing) => listing.vault)).to.deep.equal([long]);
    expect(inverses.vaults.map((listing) => listing.vault)).to.deep.equal([inverse]);
    expect((await getVaults(publicClient, { registry, kind })).total).to.equal(2n);
    const other = market === "morpho" ? "aave-v3/uniswap-v3" : "morpho-blue/uniswap-v3";
    expect(await getVaults(publicClient, { registry, kind: other })).to.deep.equal({ vaults: [], total: 0n });
  });

  it("getVaults refuses a half pair, a pair with a kind, and a limit of 0, naming the parameter", async function () {
    const { registry, weth, usdc } = await setup();
    await expectRejection(getVaults(publicClient, { registry, collateralToken: weth }), /needs both collateralToken and debtToken/);
    await expectRejection(getVaults(publicClient, { registry, collateralToken: weth, debtToken: usdc, kind }), /a pair or by a kind, not both/);
    await expectRejection(getVaults(publicClient, { registry, limit: 0n }), /limit must be at least 1 \(got 0\)/);
  });

  it("isVault answers true for a listed vault and false for a token, an EOA and the zero address", async function () {
    const { registry, long, weth, alice } = await setup();
    expect(await isVault(publicClient, { registry, address: long })).to.equal(true);
    for (const address of [weth, alice.address as Address, zeroAddress]) expect(await isVault(publicClient, { registry, address })).to.equal(false);
  });

  it("buildCreateVault's transaction deploys the vault where predictVaultAddress said, and getVaults lists it", async function () {
    const { registry, owner, creation } = await setup();
    const arguments_ = creation({ salt: ethers.id("sdk registry test") });
    const predicted = await predictVaultAddress(publicClient, arguments_);
    expect(await publicClient.getCode({ address: predicted.vault })).to.equal(undefined);
    expect(predicted.owner).to.equal(getAddress(owner.address));
    expect(predicted.automationAdapter).to.equal(zeroAddress);

    const transaction = buildCreateVault(arguments_);
    expect(transaction).to.include({ to: arguments_.factory, functionName: "createVault", value: 0n });
    await (await owner.sendTransaction({ to: transaction.to, data: transaction.data })).wait();

    expect(await publicClient.getCode({ address: predicted.vault })).not.to.equal(undefined);
    expect(await isVault(publicClient, { registry, address: predicted.vault })).to.equal(true);
    const { vaults, total } = await getVaults(publicClient, { registry, offset: 2n });
    expect(total).to.equal(3n);
    expect(vaults.map((listing) => listing.vault)).to.deep.equal([predicted.vault]);
  });

  it("a second buildCreateVault with the same arguments and salt reverts VaultAlreadyExists naming the vault", async function () {
    const { owner, creation } = await setup();
    const arguments_ = creation({ salt: ethers.id("twice through the sdk") });
    const { vault } = await predictVaultAddress(publicClient, arguments_);
    await (await owner.sendTransaction(buildCreateVault(arguments_))).wait();
    const factory = await ethers.getContractAt(market === "morpho" ? "MorphoBlueVaultFactory" : "AaveV3VaultFactory", arguments_.factory);
    await expect(owner.sendTransaction(buildCreateVault(arguments_))).to.be.revertedWithCustomError(factory, "VaultAlreadyExists").withArgs(vault);
  });

  it("query options key by registry, page, filters and the creation's calldata, and their queryFns run the actions", async function () {
    const { registry, long, creation } = await setup();
    const page = getVaultsQueryOptions(publicClient, { registry, offset: 0n, limit: 1n });
    expect(page.queryKey).to.deep.equal(["leveraged-vault", "getVaults", { chainId: hardhat.id, registry, offset: "0", limit: "1" }]);
    expect((await page.queryFn()).vaults.map((listing) => listing.vault)).to.deep.equal([long]);
    expect(await isVaultQueryOptions(publicClient, { registry, address: long }).queryFn()).to.equal(true);

    const one = predictVaultAddressQueryOptions(publicClient, creation({ salt: ethers.id("one") }));
    const two = predictVaultAddressQueryOptions(publicClient, creation({ salt: ethers.id("two") }));
    expect(one.queryKey[2]).to.include({ factory: creation().factory, kind });
    expect(one.queryKey[2].creation).to.not.equal(two.queryKey[2].creation);
    expect((await one.queryFn()).vault).to.not.equal((await two.queryFn()).vault);
  });
});

describe("sdk vault kinds", function () {
  it("round-trip through the registry's bytes32 and refuse a kind longer than 32 bytes", function () {
    for (const kind of Object.values(VAULT_FACTORY_KINDS)) expect(vaultKindFromBytes32(vaultKindToBytes32(kind))).to.equal(kind);
    expect(vaultKindToBytes32("aave-v3/uniswap-v3")).to.equal(ethers.encodeBytes32String("aave-v3/uniswap-v3"));
    expect(() => vaultKindToBytes32("x".repeat(33))).to.throw(TypeError, /at most 32 bytes/);
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(String((error as Error).message)).to.match(message);
    return;
  }
  throw new Error(`expected a rejection matching ${message}`);
}

export type { MarketName };
