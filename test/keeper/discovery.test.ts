import { expect } from "chai";
import { stringToHex, type Address } from "viem";

import type { RegistryConfig } from "../../keeper/src/config/types.js";
import { kindName, selectVaults, type RegistryListing } from "../../keeper/src/discovery/selectVaults.js";

const address = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const WETH = address(0xe7e);
const USDC = address(0xc5d);
const MORPHO = stringToHex("morpho-blue/uniswap-v3", { size: 32 });
const AAVE = stringToHex("aave-v3/uniswap-v3", { size: 32 });

const listing = (n: number, overrides: Partial<RegistryListing> = {}): RegistryListing => ({
  vault: address(n),
  kind: MORPHO,
  collateralToken: WETH,
  debtToken: USDC,
  factory: address(0xfac),
  createdAtBlock: BigInt(n),
  createdAt: 0n,
  retired: false,
  ...overrides,
});
const everything: RegistryConfig = { address: address(0x1e9), includeRetired: false };
const watchedOf = (verdicts: ReturnType<typeof selectVaults>) => verdicts.flatMap((verdict) => (verdict.watch ? [verdict.vault.address] : []));
const reasonsOf = (verdicts: ReturnType<typeof selectVaults>) => verdicts.map((verdict) => (verdict.watch ? "watch" : verdict.reason));

describe("keeper discovery: which listed vaults the keeper watches (pure)", function () {
  it("reads the registry's bytes32 kind as its string", function () {
    expect(kindName(MORPHO)).to.equal("morpho-blue/uniswap-v3");
    expect(kindName(AAVE)).to.equal("aave-v3/uniswap-v3");
  });

  it("watches every listed vault, in registry order, named by its address, when no filter is set", function () {
    const listings = Array.from({ length: 1000 }, (_, index) => listing(index + 1));
    const verdicts = selectVaults(listings, everything, new Set());
    expect(watchedOf(verdicts)).to.deep.equal(listings.map((entry) => entry.vault));
    expect(verdicts[0]).to.deep.equal({ watch: true, vault: { address: address(1), name: address(1) } });
  });

  it("a vault already watched (named in vaults[]) or listed twice is watched once", function () {
    const listings = [listing(1), listing(2), listing(2)];
    const verdicts = selectVaults(listings, everything, new Set([address(1)]));
    expect(reasonsOf(verdicts)).to.deep.equal(["already-configured", "watch", "already-configured"]);
  });

  it("skips retired vaults unless includeRetired", function () {
    const listings = [listing(1, { retired: true }), listing(2)];
    expect(reasonsOf(selectVaults(listings, everything, new Set()))).to.deep.equal(["retired", "watch"]);
    expect(reasonsOf(selectVaults(listings, { ...everything, includeRetired: true }, new Set()))).to.deep.equal(["watch", "watch"]);
  });

  it("a vault must pass every filter that is set: kind, pair, allow list, deny list", function () {
    const listings = [listing(1), listing(2, { kind: AAVE }), listing(3, { collateralToken: USDC, debtToken: WETH }), listing(4), listing(5)];
    const filter: RegistryConfig = {
      ...everything,
      kinds: ["morpho-blue/uniswap-v3"],
      pairs: [{ collateral: WETH, debt: USDC }],
      allow: [address(1), address(2), address(3), address(4)],
      deny: [address(4)],
    };
    expect(reasonsOf(selectVaults(listings, filter, new Set()))).to.deep.equal(["watch", "kind", "pair", "denied", "not-allowed"]);
  });

  it("compares addresses in the filters without regard to letter case", function () {
    const checksummed = "0x000000000000000000000000000000000000ABcd" as Address;
    const listings = [listing(0xabcd)];
    expect(reasonsOf(selectVaults(listings, { ...everything, allow: [checksummed] }, new Set()))).to.deep.equal(["watch"]);
    expect(reasonsOf(selectVaults(listings, { ...everything, deny: [checksummed] }, new Set()))).to.deep.equal(["denied"]);
  });
});
