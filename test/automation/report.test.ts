import { expect } from "chai";
import { Signature, Wallet, getBytes, id, recoverAddress } from "ethers";

import {
  decodeReport,
  encodeConditionalTrigger,
  encodeReport,
  reportContext,
  reportDigest,
  signReport,
  type AutomationReport,
} from "../../scripts/automation/report.js";

const digestOfConfig = id("a config digest");
const report: AutomationReport = {
  fastGasWei: 30_000_000_000n,
  linkUSD: 1_500_000_000n,
  upkeepIds: [7n, 9n],
  gasLimits: [1_500_000n, 500_000n],
  triggers: [
    encodeConditionalTrigger({ blockNum: 100n, blockHash: id("block 100") }),
    encodeConditionalTrigger({ blockNum: 100n, blockHash: id("block 100") }),
  ],
  performDatas: ["0x01", "0x"],
};

describe("Automation report encoding", function () {
  it("encodes a report the way it decodes, field for field", function () {
    expect(decodeReport(encodeReport(report))).to.deep.equal(report);
  });

  it("refuses a report whose per-upkeep arrays differ in length, naming the field", function () {
    expect(() => encodeReport({ ...report, gasLimits: [1n] })).to.throw("report.gasLimits has 1 entries for 2 upkeep ids");
  });

  it("encodes a conditional trigger as two words: block number, then block hash", function () {
    const encoded = encodeConditionalTrigger({ blockNum: 100n, blockHash: id("block 100") });
    expect(getBytes(encoded)).to.have.length(64);
    expect(BigInt(encoded.slice(0, 66))).to.equal(100n);
    expect("0x" + encoded.slice(66)).to.equal(id("block 100"));
  });

  it("packs epoch and round as epoch << 8 | round in the context's second word", function () {
    const [digest, epochAndRound, extra] = reportContext(digestOfConfig, 5, 3);
    expect(digest).to.equal(digestOfConfig);
    expect(BigInt(epochAndRound)).to.equal((5n << 8n) | 3n);
    expect(BigInt(extra)).to.equal(0n);
    expect(() => reportContext(digestOfConfig, 1, 256)).to.throw("round must be a uint8 (got 256)");
    expect(() => reportContext(digestOfConfig, -1, 0)).to.throw("epoch must be a uint32 (got -1)");
  });

  it("signs the digest of report and context; each recovery id sits at its signature's byte of rawVs, from the left", function () {
    const signers = [new Wallet(id("signer a")), new Wallet(id("signer b")), new Wallet(id("signer c"))];
    const context = reportContext(digestOfConfig, 1, 1);
    const rawReport = encodeReport(report);
    const signed = signReport(context, rawReport, signers);
    const digest = reportDigest(context, rawReport);
    const rawVs = getBytes(signed.rawVs);
    expect(rawVs).to.have.length(32);
    signers.forEach((signer, index) => {
      const v = 27 + rawVs[index];
      expect(recoverAddress(digest, Signature.from({ r: signed.rs[index], s: signed.ss[index], v }))).to.equal(signer.address);
    });
    expect([...rawVs.slice(signers.length)].every((byte) => byte === 0)).to.equal(true);
  });

  it("a signature over one context does not verify under another (a report cannot be replayed into a new config)", function () {
    const signer = new Wallet(id("signer a"));
    const rawReport = encodeReport(report);
    const signed = signReport(reportContext(digestOfConfig, 1, 1), rawReport, [signer]);
    const otherDigest = reportDigest(reportContext(id("the next config"), 1, 1), rawReport);
    const v = 27 + getBytes(signed.rawVs)[0];
    expect(recoverAddress(otherDigest, Signature.from({ r: signed.rs[0], s: signed.ss[0], v }))).to.not.equal(signer.address);
  });
});
