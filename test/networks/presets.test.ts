import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { expect } from "chai";

import * as aaveAddressBook from "@bgd-labs/aave-address-book";
import { getChainAddresses } from "@morpho-org/blue-sdk";
import * as viemChains from "viem/chains";

import { CHAINLINK_FEEDS } from "../../scripts/networks/chainlink-feeds.js";
import { NETWORKS } from "../../scripts/networks/network-list.js";
import { NETWORK_PRESETS, MORPHO_PRESET_LLTV } from "../../scripts/networks/presets.js";
import { PresetInputError, resolvePreset } from "../../scripts/networks/resolve-preset.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
const { CHAIN_TO_ADDRESSES_MAP } = createRequire(import.meta.url)("@uniswap/sdk-core") as { CHAIN_TO_ADDRESSES_MAP: Record<number, { v3CoreFactoryAddress: string }> };

/** Where each preset's addresses are looked up, independently of scripts/networks/presets.ts. */
const LOOKUP: Record<string, { aave: string; chain: string; usdc: string }> = {
  ethereum: { aave: "AaveV3Ethereum", chain: "mainnet", usdc: "USDC" },
  base: { aave: "AaveV3Base", chain: "base", usdc: "USDC" },
  arbitrum: { aave: "AaveV3Arbitrum", chain: "arbitrum", usdc: "USDCn" },
  sepolia: { aave: "AaveV3Sepolia", chain: "sepolia", usdc: "USDC" },
  "base-sepolia": { aave: "AaveV3BaseSepolia", chain: "baseSepolia", usdc: "USDC" },
  "arbitrum-sepolia": { aave: "AaveV3ArbitrumSepolia", chain: "arbitrumSepolia", usdc: "USDC" },
};

describe("Network presets come from the protocols' packages", function () {
  for (const network of NETWORKS) {
    describe(network.name, function () {
      const preset = NETWORK_PRESETS[network.name];
      const lookup = LOOKUP[network.name]!;
      const book = (aaveAddressBook as unknown as Record<string, { POOL: string; ASSETS: Record<string, { UNDERLYING: string }> }>)[lookup.aave]!;

      it("has the network list's chain id and chain type", function () {
        expect(preset.chainId).to.equal(network.chainId);
        expect(preset.chainType).to.equal(network.chainType);
      });

      it("takes the Aave v3 pool and the WETH and USDC tokens from @bgd-labs/aave-address-book", function () {
        expect(preset.aave?.pool).to.equal(book.POOL);
        expect(preset.tokens.WETH).to.equal(book.ASSETS.WETH!.UNDERLYING);
        expect(preset.tokens.USDC).to.equal(book.ASSETS[lookup.usdc]!.UNDERLYING);
      });

      it("takes Morpho Blue and its IRM from @morpho-org/blue-sdk, where it lists the chain", function () {
        let listed: { morpho: string; adaptiveCurveIrm: string } | undefined;
        try {
          listed = getChainAddresses(network.chainId) as { morpho: string; adaptiveCurveIrm: string };
        } catch {
          listed = undefined;
        }
        if (listed) expect(preset.morpho).to.deep.equal({ morpho: listed.morpho, adaptiveCurveIrm: listed.adaptiveCurveIrm, lltv: MORPHO_PRESET_LLTV });
        else expect(preset.morpho).to.equal(undefined);
      });

      it("takes the Uniswap v3 factory from @uniswap/sdk-core and Multicall3 from viem's chain", function () {
        expect(preset.uniswapV3Factory).to.equal(CHAIN_TO_ADDRESSES_MAP[network.chainId]!.v3CoreFactoryAddress);
        const chain = (viemChains as unknown as Record<string, { id: number; contracts?: { multicall3?: { address: string } } }>)[lookup.chain]!;
        expect(chain.id).to.equal(network.chainId);
        expect(preset.multicall3).to.equal(chain.contracts!.multicall3!.address);
      });

      it("takes its Chainlink feeds from chainlink-feeds.ts, each naming its source", function () {
        expect(preset.feeds).to.deep.equal(CHAINLINK_FEEDS[network.name].feeds);
        for (const feed of Object.values(preset.feeds)) {
          expect(feed.source).to.match(/^https:\/\/docs\.chain\.link\//);
          expect(feed.heartbeat).to.be.greaterThan(0);
        }
        expect(preset.sequencerFeed).to.deep.equal(CHAINLINK_FEEDS[network.name].sequencer);
      });
    });
  }

  it("pins the packages the presets read exactly in package.json (no range), and installs those versions", async function () {
    const manifest = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    for (const name of ["@bgd-labs/aave-address-book", "@morpho-org/blue-sdk", "@morpho-org/morpho-ts", "@uniswap/sdk-core", "viem", "@safe-global/protocol-kit", "@safe-global/api-kit", "@nomicfoundation/hardhat-verify", "commander"]) {
      const pinned = manifest.devDependencies[name];
      expect(pinned, name).to.match(/^\d+\.\d+\.\d+$/);
      const installed = JSON.parse(await readFile(path.join(projectRoot, "node_modules", name, "package.json"), "utf8")) as { version: string };
      expect(installed.version, name).to.equal(pinned);
    }
  });
});

describe("Preset flags", function () {
  const refusal = async (flags: Parameters<typeof resolvePreset>[0]) => {
    try {
      await resolvePreset(flags);
    } catch (error) {
      expect(error).to.be.instanceOf(PresetInputError);
      return (error as Error).message;
    }
    throw new Error("resolvePreset accepted the flags");
  };

  it("names the flag that is wrong", async function () {
    expect(await refusal({ network: "base-goerli", market: "aave" })).to.contain('--network must be localhost or one of ethereum, base, arbitrum, sepolia, base-sepolia, arbitrum-sepolia (got "base-goerli")');
    expect(await refusal({ network: "base", market: "aave", pair: "WBTC/USDC" })).to.contain('--pair must be one of WETH/USDC, USDC/WETH (got "WBTC/USDC")');
    expect(await refusal({ network: "base", market: "compound" })).to.contain('--market must be one of morpho, aave (got "compound")');
    expect(await refusal({ network: "base", market: "aave", preset: "L3" })).to.contain('--preset must be one of L1, L2 (got "L3")');
    expect(await refusal({ network: "base-sepolia", market: "morpho" })).to.contain("--market morpho: the base-sepolia preset has no Morpho Blue");
  });

  it("names the override file's field that is wrong", async function () {
    const file = path.join(projectRoot, "package.json"); // valid JSON, not an override
    expect(await refusal({ network: "base", market: "aave", presetOverride: file })).to.match(/--preset-override .*package\.json is not a valid preset override: .*: Unrecognized key/);
  });
});
