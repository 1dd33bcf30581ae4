/**
 * The registry: who may list a vault, paged reads at 1,000 vaults, lists by pair and kind, and
 * retired vaults that stay listed.
 */
import { expect } from "chai";
import { encodeBytes32String, type Signer } from "ethers";

import type { VaultRegistry } from "../../types/ethers-contracts/index.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { vaultsFixture } from "../fixtures/vaults.js";

const MORPHO_KIND = encodeBytes32String("morpho-blue/uniswap-v3");
const AAVE_KIND = encodeBytes32String("aave-v3/uniswap-v3");
const LISTED = 1_000;

/** A `VaultCreation` for `vault`, of `kind`, on the pair `collateral`/`debt`. */
function creation(vault: string, kind: string, collateral: string, debt: string) {
  return {
    vault,
    kind,
    collateralToken: collateral,
    debtToken: debt,
    marketId: ethers.ZeroHash,
    venue: ethers.ZeroAddress,
    targetLeverage: 2n * 10n ** 18n,
    owner: ethers.ZeroAddress,
    automationAdapter: ethers.ZeroAddress,
  };
}

type VaultRecord = Awaited<ReturnType<VaultRegistry["vaults"]>>[0][number];

/** Every record of a paged list, reading pages of `pageSize` until the total it reports. */
async function readAllPages(read: (offset: number, limit: number) => Promise<[VaultRecord[], bigint]>, pageSize: number) {
  const records: VaultRecord[] = [];
  let total = Infinity;
  let pages = 0;
  while (records.length < total) {
    const [page, reportedTotal] = await read(records.length, pageSize);
    total = Number(reportedTotal);
    pages += 1;
    if (page.length === 0) break;
    records.push(...page);
  }
  return { records, total, pages };
}

describe("vault registry", function () {
  async function setup() {
    const fixture = await networkHelpers.loadFixture(vaultsFixture("morpho"));
    const registry = (await ethers.getContractAt("VaultRegistry", fixture.long.libraries.VaultRegistry)) as unknown as VaultRegistry;
    return { ...fixture, registry };
  }

  /**
   * The registry with `LISTED` more entries, registered by an account the owner approved as a factory:
   * contracts of one byte of code, in three pairs and two kinds (the registry checks only that a
   * vault has code; the factories register only what they deployed).
   */
  async function registryAtScale() {
    const base = await setup();
    const { registry, owner, carol } = base;
    await registry.connect(owner).setFactoryApproval(carol.address, true);
    const [weth, usdc, other] = [await base.stack.tokens.weth.getAddress(), await base.stack.tokens.usdc.getAddress(), carol.address];
    const pairs = [[weth, usdc], [usdc, weth], [weth, other]] as const;
    const listed: { vault: string; kind: string; pair: readonly [string, string] }[] = [];
    for (let index = 0; index < LISTED; index++) {
      const vault = ethers.getAddress(ethers.zeroPadValue(ethers.toBeHex(0x10000 + index), 20));
      await networkHelpers.setCode(vault, "0x00");
      const kind = index % 3 === 0 ? AAVE_KIND : MORPHO_KIND;
      const pair = pairs[index % pairs.length]!;
      await registry.connect(carol).registerVault(creation(vault, kind, pair[0], pair[1]));
      listed.push({ vault, kind, pair });
    }
    return { ...base, listed, pairs, existing: 2 };
  }

  it("lists the vaults the fixture's factory created, and answers isVault for any address", async function () {
    const { registry, long, inverse, owner, stack } = await setup();
    expect(await registry.vaultCount()).to.equal(2n);
    expect(await registry.isVault(await long.vault.getAddress())).to.equal(true);
    expect(await registry.isVault(await inverse.vault.getAddress())).to.equal(true);
    for (const other of [owner.address, ethers.ZeroAddress, await registry.getAddress(), await stack.tokens.weth.getAddress()]) {
      expect(await registry.isVault(other)).to.equal(false);
    }
    await expect(registry.vaultRecord(owner.address)).to.be.revertedWithCustomError(registry, "UnknownVault").withArgs(owner.address);
  });

  it("an EOA cannot register, nor can a contract that only looks like a vault, nor a revoked factory", async function () {
    const { registry, long, mallory, owner } = await setup();
    const lookalike = await long.vault.getAddress();
    const weth = await long.vault.asset();
    const usdc = await long.vault.debtToken();
    await expect(registry.connect(mallory).registerVault(creation(mallory.address, MORPHO_KIND, weth, usdc)))
      .to.be.revertedWithCustomError(registry, "FactoryNotApproved")
      .withArgs(mallory.address);
    // A contract that answers like a vault (a real vault, here) is no factory either: it cannot list itself.
    await networkHelpers.impersonateAccount(lookalike);
    await networkHelpers.setBalance(lookalike, 10n ** 18n);
    const impersonated = await ethers.getSigner(lookalike);
    await expect(registry.connect(impersonated).registerVault(creation(lookalike, MORPHO_KIND, weth, usdc)))
      .to.be.revertedWithCustomError(registry, "FactoryNotApproved")
      .withArgs(lookalike);
    await networkHelpers.stopImpersonatingAccount(lookalike);

    const factory = long.libraries.MorphoBlueVaultFactory;
    await expect(registry.connect(owner).setFactoryApproval(factory, false)).to.emit(registry, "FactoryApprovalSet").withArgs(factory, false);
    expect(await registry.isFactoryApproved(factory)).to.equal(false);
    await networkHelpers.impersonateAccount(factory);
    await networkHelpers.setBalance(factory, 10n ** 18n);
    await expect(registry.connect(await ethers.getSigner(factory)).registerVault(creation(lookalike, MORPHO_KIND, weth, usdc)))
      .to.be.revertedWithCustomError(registry, "FactoryNotApproved")
      .withArgs(factory);
    // Its vaults stay listed.
    expect(await registry.isVault(lookalike)).to.equal(true);
  });

  it("only the owner approves factories; even an approved one cannot list an address without code or a vault twice", async function () {
    const { registry, mallory, owner, carol, long } = await setup();
    await expect(registry.connect(mallory).setFactoryApproval(mallory.address, true))
      .to.be.revertedWithCustomError(registry, "OwnableUnauthorizedAccount")
      .withArgs(mallory.address);
    await expect(registry.connect(owner).setFactoryApproval(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(registry, "ZeroFactory");
    await registry.connect(owner).setFactoryApproval(carol.address, true);
    const weth = await long.vault.asset();
    const usdc = await long.vault.debtToken();
    await expect(registry.connect(carol).registerVault(creation(mallory.address, MORPHO_KIND, weth, usdc)))
      .to.be.revertedWithCustomError(registry, "VaultHasNoCode")
      .withArgs(mallory.address);
    const listed = await long.vault.getAddress();
    await expect(registry.connect(carol).registerVault(creation(listed, MORPHO_KIND, weth, usdc)))
      .to.be.revertedWithCustomError(registry, "VaultAlreadyRegistered")
      .withArgs(listed);
  });

  it(`at ${LISTED + 2} vaults, paging returns each exactly once, in creation order, with the total`, async function () {
    const { registry, listed, existing } = await registryAtScale();
    for (const pageSize of [500, 37, 1]) {
      if (pageSize === 1) {
        // Spot-check the smallest page at the ends rather than 1,002 reads.
        const [first] = await registry.vaults(0, 1);
        const [last, total] = await registry.vaults(LISTED + existing - 1, 1);
        expect(first.map((record) => record.vault)).to.have.length(1);
        expect(last[0]!.vault).to.equal(listed.at(-1)!.vault);
        expect(total).to.equal(BigInt(LISTED + existing));
        continue;
      }
      const { records, total, pages } = await readAllPages((offset, limit) => registry.vaults(offset, limit), pageSize);
      expect(total).to.equal(LISTED + existing);
      expect(pages).to.equal(Math.ceil((LISTED + existing) / pageSize));
      const addresses = records.map((record) => record.vault);
      expect(new Set(addresses).size).to.equal(addresses.length);
      expect(addresses.slice(existing)).to.deep.equal(listed.map((entry) => entry.vault));
    }
    const [beyond, total] = await registry.vaults(LISTED + existing, 500);
    expect(beyond).to.have.length(0);
    expect(total).to.equal(BigInt(LISTED + existing));
    const [huge] = await registry.vaults(ethers.MaxUint256, ethers.MaxUint256);
    expect(huge).to.have.length(0);
  });

  it("lists by collateral/debt pair and by kind, each vault exactly once, in creation order", async function () {
    const { registry, listed, pairs, long, inverse, existing } = await registryAtScale();
    const fixtureVaults = [await long.vault.getAddress(), await inverse.vault.getAddress()];
    for (const [index, [collateral, debt]] of pairs.entries()) {
      const expected = [...(index < 2 ? [fixtureVaults[index]!] : []), ...listed.filter((entry) => entry.pair === pairs[index]).map((entry) => entry.vault)];
      expect(await registry.vaultCountByPair(collateral, debt)).to.equal(BigInt(expected.length));
      const { records } = await readAllPages((offset, limit) => registry.vaultsByPair(collateral, debt, offset, limit), 500);
      expect(records.map((record) => record.vault)).to.deep.equal(expected);
      for (const record of records) expect([record.collateralToken, record.debtToken]).to.deep.equal([collateral, debt]);
    }
    for (const kind of [MORPHO_KIND, AAVE_KIND]) {
      const expected = [...(kind === MORPHO_KIND ? fixtureVaults : []), ...listed.filter((entry) => entry.kind === kind).map((entry) => entry.vault)];
      const { records } = await readAllPages((offset, limit) => registry.vaultsByKind(kind, offset, limit), 500);
      expect(records.map((record) => record.vault)).to.deep.equal(expected);
      expect(await registry.vaultCountByKind(kind)).to.equal(BigInt(expected.length));
    }
    expect(existing + listed.length).to.equal(Number(await registry.vaultCount()));
  });

  it("a wound-down vault can be retired by its owner or the registry's owner, once, and stays listed with the flag", async function () {
    const { registry, long, inverse, owner, mallory } = await setup();
    const vault = await long.vault.getAddress();
    await expect(registry.connect(owner).retireVault(vault)).to.be.revertedWithCustomError(registry, "VaultNotWoundDown").withArgs(vault);
    await expect(registry.connect(mallory).retireVault(vault)).to.be.revertedWithCustomError(registry, "NotVaultOrRegistryOwner").withArgs(mallory.address, vault);
    await expect(registry.connect(owner).retireVault(mallory.address)).to.be.revertedWithCustomError(registry, "UnknownVault").withArgs(mallory.address);

    await long.vault.connect(owner).startWindDown();
    await expect(registry.connect(mallory).retireVault(vault)).to.be.revertedWithCustomError(registry, "NotVaultOrRegistryOwner");
    await expect(registry.connect(owner).retireVault(vault)).to.emit(registry, "VaultRetired").withArgs(vault, owner.address);
    await expect(registry.connect(owner).retireVault(vault)).to.be.revertedWithCustomError(registry, "VaultAlreadyRetired").withArgs(vault);

    expect(await registry.isVault(vault)).to.equal(true);
    const [page, total] = await registry.vaults(0, 10);
    expect(total).to.equal(2n);
    expect(page.map((record) => [record.vault, record.retired])).to.deep.equal([
      [vault, true],
      [await inverse.vault.getAddress(), false],
    ]);
    expect((await registry.vaultRecord(vault)).retired).to.equal(true);
  });

  it("the registry's ownership moves in two steps (Ownable2Step)", async function () {
    const { registry, owner, carol } = await setup();
    await registry.connect(owner).transferOwnership(carol.address);
    expect(await registry.owner()).to.equal(owner.address);
    await registry.connect(carol as Signer).acceptOwnership();
    expect(await registry.owner()).to.equal(carol.address);
  });
});
