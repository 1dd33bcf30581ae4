/**
 * A local Chainlink Automation network: the nodes' job, done in TypeScript against the real registry.
 *
 * Each round, as Automation nodes do for conditional upkeeps:
 * 1. simulate every upkeep's check through the registry (`checkUpkeep(id)` in an `eth_call` from the
 *    registry's read-only address, pinned to the latest block: that block is the trigger);
 *    and simulate the perform of each due upkeep (`simulatePerformUpkeep`, same block): an upkeep whose
 *    perform would revert is left out, so the network does not spend its balance on a failure;
 * 2. build a report of the upkeeps that are due (id, gas limit, trigger, perform data, and the gas
 *    price and LINK/USD the check observed);
 * 3. sign it with f+1 of the configured signers under the registry's current config digest;
 * 4. `transmit` it from one node's transmitter: the registry verifies it, calls each upkeep's
 *    forwarder, the forwarder calls the target's `performUpkeep`, and the registry bills the upkeep.
 *
 * A round in which no upkeep is due transmits nothing. The network works against any upkeep target
 * (the vault itself, or an adapter in front of it): it only knows upkeep ids.
 */
import type { ContractTransactionReceipt, Wallet } from "ethers";

import type { AutomationDeployment } from "../stack/deploy-automation.js";
import {
  decodeReport,
  encodeConditionalTrigger,
  encodeReport,
  reportContext,
  signReport,
  type AutomationReport,
  type ConditionalTrigger,
  type SignedReport,
} from "./report.js";

/** `AutomationRegistryBase2_3.UpkeepFailureReason`, in declaration order. */
const UPKEEP_FAILURE_REASONS = [
  "NONE",
  "UPKEEP_CANCELLED",
  "UPKEEP_PAUSED",
  "TARGET_CHECK_REVERTED",
  "UPKEEP_NOT_NEEDED",
  "PERFORM_DATA_EXCEEDS_LIMIT",
  "INSUFFICIENT_BALANCE",
  "CALLBACK_REVERTED",
  "REVERT_DATA_EXCEEDS_LIMIT",
  "REGISTRY_PAUSED",
] as const;
export type UpkeepFailureReason = (typeof UPKEEP_FAILURE_REASONS)[number];

/**
 * Gas a transmit needs beyond the upkeeps' own gas limits: signature checks, report decoding,
 * billing and the forwarder's cushion (the registry itself charges about 100k per conditional upkeep).
 */
const TRANSMIT_GAS_OVERHEAD = 400_000n;
/** The EIP-7825 cap on one transaction's gas. */
const MAX_TRANSACTION_GAS = 16_777_216n;

/** One upkeep's check, as the registry simulated it at `trigger.blockNum`. */
export interface UpkeepCheck {
  upkeepId: bigint;
  upkeepNeeded: boolean;
  performData: string;
  failureReason: UpkeepFailureReason;
  /** Gas the target's `checkUpkeep` used. */
  checkGasUsed: bigint;
  /** The upkeep's registered perform gas limit. */
  gasLimit: bigint;
  fastGasWei: bigint;
  linkUSD: bigint;
  trigger: ConditionalTrigger;
  /** For a due upkeep: whether its perform succeeded in simulation at the same block (undefined when not due). */
  performSimulationSucceeded?: boolean;
}

/** One `UpkeepPerformed` event of a transmit. */
export interface PerformedUpkeep {
  upkeepId: bigint;
  /** Whether the target's `performUpkeep` succeeded (the registry bills the upkeep either way). */
  success: boolean;
  /** Billed to the upkeep, in LINK (18 decimals). */
  totalPayment: bigint;
  /** Gas the forwarder's call into the target used. */
  gasUsed: bigint;
  /** The registry's share of the transaction's overhead charged to this upkeep. */
  gasOverhead: bigint;
}

export interface TransmitResult {
  receipt: ContractTransactionReceipt;
  transmitter: string;
  performed: PerformedUpkeep[];
  /** Upkeeps the registry skipped because it had performed them at or after the report's trigger block. */
  stale: bigint[];
  /** Upkeeps skipped because the trigger block is not in the chain's past (or its hash does not match). */
  reorged: bigint[];
}

export interface RoundResult {
  checks: UpkeepCheck[];
  /** Undefined when no upkeep was due: the network sends nothing. */
  transmitted?: TransmitResult;
}

export class AutomationNodeNetwork {
  private epoch = 0;

  constructor(private readonly automation: AutomationDeployment) {}

  /** Simulates the registry's `checkUpkeep(id)` at the latest block, from the read-only address. */
  async checkUpkeep(upkeepId: bigint): Promise<UpkeepCheck> {
    const { registry, readOnlyAddress, ethers } = this.automation;
    const block = await ethers.provider.getBlock("latest");
    if (!block?.hash) throw new Error("the chain returned no latest block");
    // Through the provider, not a signer: the call comes from an address no one holds a key for.
    const reader = registry.connect(ethers.provider) as typeof registry;
    const at = { from: readOnlyAddress, blockTag: block.number };
    const result = await reader["checkUpkeep(uint256)"].staticCall(upkeepId, at);
    const simulation = result.upkeepNeeded ? await reader.simulatePerformUpkeep.staticCall(upkeepId, result.performData, at) : undefined;
    return {
      upkeepId,
      upkeepNeeded: result.upkeepNeeded,
      performData: result.performData,
      failureReason: UPKEEP_FAILURE_REASONS[Number(result.upkeepFailureReason)] ?? "NONE",
      checkGasUsed: result.gasUsed,
      gasLimit: result.gasLimit,
      fastGasWei: result.fastGasWei,
      linkUSD: result.linkUSD,
      trigger: { blockNum: BigInt(block.number), blockHash: block.hash },
      performSimulationSucceeded: simulation?.success,
    };
  }

  /** The report for `checks` (all of them, due or not: callers filter; a forced report may carry anything). */
  buildReport(checks: UpkeepCheck[]): AutomationReport {
    if (checks.length === 0) throw new Error("a report needs at least one upkeep check");
    // Every node observes the same local chain; a real network takes the median of the nodes' observations.
    return {
      fastGasWei: checks[0].fastGasWei,
      linkUSD: checks[0].linkUSD,
      upkeepIds: checks.map((check) => check.upkeepId),
      gasLimits: checks.map((check) => check.gasLimit),
      triggers: checks.map((check) => encodeConditionalTrigger(check.trigger)),
      performDatas: checks.map((check) => check.performData),
    };
  }

  /**
   * Signs `report` for the next epoch under the registry's current config digest with f+1 signers,
   * rotating which nodes sign. `signers` overrides the choice (to show what the registry refuses).
   */
  async sign(report: AutomationReport, signers?: Wallet[]): Promise<SignedReport> {
    const { registry, nodes, faultTolerance } = this.automation;
    const { configDigest } = await registry.latestConfigDetails();
    this.epoch += 1;
    const chosen =
      signers ??
      Array.from({ length: faultTolerance + 1 }, (_, offset) => nodes[(this.epoch + offset) % nodes.length].signer);
    return signReport(reportContext(configDigest, this.epoch, 1), encodeReport(report), chosen);
  }

  /** Sends `signed` from a node's transmitter (rotating, like OCR leaders) and reads what the registry did. */
  async transmit(signed: SignedReport, transmitter?: Wallet): Promise<TransmitResult> {
    const { registry, nodes } = this.automation;
    const sender = transmitter ?? nodes[this.epoch % nodes.length].transmitter;
    const gasLimits = decodeReport(signed.rawReport).gasLimits.reduce((sum, gas) => sum + gas, 0n);
    // The forwarder passes on at most 63/64 of what reaches it: leave that margin on top of the limits.
    const gasLimit = minBigInt((gasLimits * 66n) / 64n + TRANSMIT_GAS_OVERHEAD, MAX_TRANSACTION_GAS);
    const tx = await (registry.connect(sender) as typeof registry).transmit(
      signed.reportContext,
      signed.rawReport,
      signed.rs,
      signed.ss,
      signed.rawVs,
      { gasLimit },
    );
    const receipt = (await tx.wait())!;
    const result: TransmitResult = { receipt, transmitter: sender.address, performed: [], stale: [], reorged: [] };
    const registryAddress = (await registry.getAddress()).toLowerCase();
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== registryAddress) continue;
      const parsed = registry.interface.parseLog(log);
      if (parsed?.name === "UpkeepPerformed") {
        result.performed.push({
          upkeepId: parsed.args.id,
          success: parsed.args.success,
          totalPayment: parsed.args.totalPayment,
          gasUsed: parsed.args.gasUsed,
          gasOverhead: parsed.args.gasOverhead,
        });
      } else if (parsed?.name === "StaleUpkeepReport") {
        result.stale.push(parsed.args.id);
      } else if (parsed?.name === "ReorgedUpkeepReport") {
        result.reorged.push(parsed.args.id);
      }
    }
    return result;
  }

  /** One round: check every upkeep, and report the due ones whose perform simulates (if any) in one signed transmit. */
  async runRound(upkeepIds: bigint[]): Promise<RoundResult> {
    const checks = await Promise.all(upkeepIds.map((upkeepId) => this.checkUpkeep(upkeepId)));
    const due = checks.filter((check) => check.upkeepNeeded && check.performSimulationSucceeded === true);
    if (due.length === 0) return { checks };
    const signed = await this.sign(this.buildReport(due));
    return { checks, transmitted: await this.transmit(signed) };
  }

}

function minBigInt(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
