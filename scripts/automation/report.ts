/**
 * The Automation registry 2.3 report, as its nodes build and sign it. Pure functions: no chain, no I/O.
 *
 * What the registry verifies in `transmit` (AutomationRegistry2_3.sol and AutomationRegistryBase2_3.sol):
 * - `reportContext = [configDigest, epochAndRound, extraHash]`, with `configDigest` the registry's latest;
 * - exactly f+1 signatures by distinct configured signers over
 *   `keccak256(abi.encode(keccak256(rawReport), reportContext))` (a plain hash, no message prefix),
 *   passed as `rs`, `ss` and `rawVs` (byte i of `rawVs` is signature i's recovery id, v - 27);
 * - `rawReport = abi.encode(Report)`; for a conditional upkeep each trigger is
 *   `abi.encode(ConditionalTrigger{blockNum, blockHash})`, the block the check ran on.
 */
import { AbiCoder, concat, keccak256, toBeHex, zeroPadBytes, zeroPadValue, ZeroHash, type Wallet } from "ethers";

import { AutomationCompatibleUtils__factory, AutomationUtils2_3__factory } from "../../types/ethers-contracts/index.js";

const coder = AbiCoder.defaultAbiCoder();
// The struct layouts come from Chainlink's own type-exposing contracts, not from a copy here.
const reportType = AutomationUtils2_3__factory.createInterface().getFunction("_report").inputs;
const conditionalTriggerType = AutomationCompatibleUtils__factory.createInterface().getFunction("_conditionalTrigger").inputs;

/** `AutomationRegistryBase2_3.Report`. */
export interface AutomationReport {
  /** Gas price the nodes observed (wei); caps what the upkeep is charged per gas. */
  fastGasWei: bigint;
  /** LINK/USD the nodes observed (8 decimals). */
  linkUSD: bigint;
  upkeepIds: bigint[];
  /** Gas each `performUpkeep` gets: the upkeep's registered gas limit. */
  gasLimits: bigint[];
  /** Encoded triggers, one per upkeep (see `encodeConditionalTrigger`). */
  triggers: string[];
  /** What the target's `checkUpkeep` returned, passed to its `performUpkeep`. */
  performDatas: string[];
}

/** A conditional upkeep's trigger: the block its check ran on. */
export interface ConditionalTrigger {
  blockNum: bigint;
  blockHash: string;
}

export interface SignedReport {
  reportContext: [string, string, string];
  rawReport: string;
  rs: string[];
  ss: string[];
  rawVs: string;
}

/** `abi.encode(ConditionalTrigger)`. */
export function encodeConditionalTrigger(trigger: ConditionalTrigger): string {
  return coder.encode(conditionalTriggerType, [trigger]);
}

/** `abi.encode(Report)`, refusing reports whose per-upkeep arrays differ in length (the registry would revert InvalidReport). */
export function encodeReport(report: AutomationReport): string {
  const count = report.upkeepIds.length;
  for (const field of ["gasLimits", "triggers", "performDatas"] as const) {
    if (report[field].length !== count) {
      throw new Error(`report.${field} has ${report[field].length} entries for ${count} upkeep ids`);
    }
  }
  return coder.encode(reportType, [report]);
}

/** The inverse of `encodeReport`. */
export function decodeReport(rawReport: string): AutomationReport {
  const [report] = coder.decode(reportType, rawReport);
  return {
    fastGasWei: report.fastGasWei,
    linkUSD: report.linkUSD,
    upkeepIds: [...report.upkeepIds],
    gasLimits: [...report.gasLimits],
    triggers: [...report.triggers],
    performDatas: [...report.performDatas],
  };
}

/** `[configDigest, epochAndRound, extraHash]`: epoch and round packed as `epoch << 8 | round` in the low 40 bits. */
export function reportContext(configDigest: string, epoch: number, round: number): [string, string, string] {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch >= 2 ** 32) throw new Error(`epoch must be a uint32 (got ${epoch})`);
  if (!Number.isInteger(round) || round < 0 || round >= 256) throw new Error(`round must be a uint8 (got ${round})`);
  const epochAndRound = (BigInt(epoch) << 8n) | BigInt(round);
  return [configDigest, zeroPadValue(toBeHex(epochAndRound), 32), ZeroHash];
}

/** The hash the registry recovers each signer from. */
export function reportDigest(context: [string, string, string], rawReport: string): string {
  return keccak256(coder.encode(["bytes32", "bytes32[3]"], [keccak256(rawReport), context]));
}

/** Signs `rawReport` under `context` with each of `signers` (the caller picks f+1 distinct configured signers). */
export function signReport(context: [string, string, string], rawReport: string, signers: Wallet[]): SignedReport {
  if (signers.length > 32) throw new Error(`at most 32 signatures fit rawVs (got ${signers.length})`);
  const digest = reportDigest(context, rawReport);
  const signatures = signers.map((signer) => signer.signingKey.sign(digest));
  const recoveryIds = signatures.map((signature) => toBeHex(signature.yParity, 1));
  return {
    reportContext: context,
    rawReport,
    rs: signatures.map((signature) => signature.r),
    ss: signatures.map((signature) => signature.s),
    // bytes32 indexing starts at the most significant byte: recovery id i is byte i from the left.
    rawVs: zeroPadBytes(concat(recoveryIds), 32),
  };
}
