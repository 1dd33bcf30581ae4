import { expect } from "chai";
import { zeroAddress, type Address } from "viem";

import { DEPLOYLESS_MAX_RETURN_BYTES, groupSize, limitsFor, planChunks, returnBytesOf } from "../../keeper/src/chain/batchedRead.js";
import { vaultTickCalls, type VaultStaticInfo } from "../../keeper/src/chain/readVaults.js";

const VAULT: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const info: VaultStaticInfo = { symbol: "ETH2X", collateralFeed: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", debtFeed: zeroAddress, collateralDecimals: 18, debtDecimals: 6 };
const oneVault = groupSize(Object.values(vaultTickCalls({ address: VAULT, name: "eth-2x" }, info, VAULT)));
const defaults = { maxCalldataBytes: 131_072, maxReturnDataBytes: 524_288 };

describe("keeper batched reads: chunk planning", function () {
  it("a vault's tick calls (with canRebalance(signer)) cost about 1.2 KB of calldata and 1.5 KB of return data", function () {
    expect(oneVault.calldataBytes).to.be.within(1100, 1300);
    expect(oneVault.returnBytes).to.be.within(1200, 1800);
  });

  it("1,000 vaults fit in at most ceil(1000 / 100) eth_calls with the default limits on a deployed Multicall3", function () {
    const chunks = planChunks(Array(1000).fill(oneVault), defaults);
    expect(chunks.length).to.be.at.most(10);
    expect(chunks.flat()).to.deep.equal([...Array(1000).keys()]);
  });

  it("the deployless path keeps each chunk's return data within the 24,576-byte contract size limit", function () {
    const limits = limitsFor({ kind: "deployless" }, defaults);
    expect(limits.maxReturnDataBytes).to.equal(DEPLOYLESS_MAX_RETURN_BYTES);
    const chunks = planChunks(Array(50).fill(oneVault), limits);
    for (const chunk of chunks) expect(64 + chunk.length * oneVault.returnBytes).to.be.at.most(DEPLOYLESS_MAX_RETURN_BYTES);
    expect(chunks.length).to.equal(Math.ceil(50 / Math.floor((DEPLOYLESS_MAX_RETURN_BYTES - 64) / oneVault.returnBytes)));
  });

  it("splits on calldata when calldata is the tighter limit", function () {
    const chunks = planChunks(Array(10).fill({ calldataBytes: 1000, returnBytes: 10 }), { maxCalldataBytes: 3_100, maxReturnDataBytes: 1_000_000 });
    expect(chunks.map((chunk) => chunk.length)).to.deep.equal([3, 3, 3, 1]);
  });

  it("reserves room in the first chunk for the block and balance calls", function () {
    const chunks = planChunks(Array(6).fill({ calldataBytes: 1000, returnBytes: 10 }), { maxCalldataBytes: 3_100, maxReturnDataBytes: 1_000_000 }, { calldataBytes: 1000, returnBytes: 0 });
    expect(chunks.map((chunk) => chunk.length)).to.deep.equal([2, 3, 1]);
  });

  it("a group larger than the limits still gets a chunk of its own, in order", function () {
    const chunks = planChunks([{ calldataBytes: 10, returnBytes: 10 }, { calldataBytes: 9_999, returnBytes: 10 }, { calldataBytes: 10, returnBytes: 10 }], { maxCalldataBytes: 1_000, maxReturnDataBytes: 1_000 });
    expect(chunks).to.deep.equal([[0], [1], [2]]);
  });

  it("sizes a return value from the ABI: latestRoundData is five words", function () {
    const { collateralRound } = vaultTickCalls({ address: VAULT, name: "eth-2x" }, info, VAULT);
    expect(returnBytesOf(collateralRound)).to.equal(32 + 3 * 32 + 5 * 32);
  });
});
