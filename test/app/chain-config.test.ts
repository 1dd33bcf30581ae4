import { expect } from "chai";

import { ChainConfigError, parseChains } from "../../app/src/config/chains.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("the dApp's chain config (VITE_LEVERAGED_VAULT_CHAINS)", function () {
  it("parses several chains, with a path for the page's own RPC proxy and checksummed registries", function () {
    const chains = parseChains(
      JSON.stringify([
        { chainId: 31337, name: "Local chain", rpcUrl: "/rpc", registry: REGISTRY.toLowerCase(), indexerUrl: "/indexer" },
        { chainId: 84532, name: "Base Sepolia", rpcUrl: "https://sepolia.base.org", registry: REGISTRY },
      ]),
    );
    expect(chains.map((chain) => [chain.chainId, chain.rpcUrl, chain.registry, chain.indexerUrl])).to.deep.equal([
      [31337, "/rpc", REGISTRY, "/indexer"],
      [84532, "https://sepolia.base.org", REGISTRY, undefined],
    ]);
  });

  const refusals: [string, string | undefined, RegExp][] = [
    ["unset", undefined, /VITE_LEVERAGED_VAULT_CHAINS is not set/],
    ["not JSON", "[{", /is not valid JSON/],
    ["empty", "[]", /non-empty JSON array/],
    ["a bad chain id", JSON.stringify([{ chainId: "1", name: "x", rpcUrl: "/rpc", registry: REGISTRY }]), /\[0\]\.chainId must be a positive integer \(got "1"\)/],
    ["a bad RPC URL", JSON.stringify([{ chainId: 1, name: "x", rpcUrl: "ws://x", registry: REGISTRY }]), /\[0\]\.rpcUrl must be an http\(s\) URL/],
    ["a bad registry", JSON.stringify([{ chainId: 1, name: "x", rpcUrl: "/rpc", registry: "0x1234" }]), /\[0\]\.registry must be a 0x-prefixed 20-byte address \(got "0x1234"\)/],
    ["a bad indexer URL", JSON.stringify([{ chainId: 1, name: "x", rpcUrl: "/rpc", registry: REGISTRY, indexerUrl: "indexer:42069" }]), /\[0\]\.indexerUrl must be an http\(s\) URL or a path on the page's server \(got "indexer:42069"\)/],
    ["a chain twice", JSON.stringify([1, 1].map((chainId) => ({ chainId, name: "x", rpcUrl: "/rpc", registry: REGISTRY }))), /lists chain id 1 twice/],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what}, naming the field`, function () {
      expect(() => parseChains(text)).to.throw(ChainConfigError, message);
    });
  }
});
