/**
 * Where a transaction's gas goes, from one `debug_traceTransaction`: the gas each contract spends in its
 * own code (its frames, less their sub-calls), its SLOADs, one contract's own gas by opcode and between
 * its outgoing calls, and that contract's own computation.
 *
 * "Own computation" is what a contract spends on neither storage, events nor the external calls'
 * opcodes: arithmetic, memory, stack, control flow, ABI encoding and decoding. It is the part of a
 * flow's overhead that the contract's code alone decides (`npm run bench:gas` prints it per flow).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { SourceAttribution } from "./source-attribution.js";

interface StructLog {
  pc: number;
  op: string;
  depth: number;
  gas: number;
  gasCost: number;
  stack: string[];
}

/** Opcodes that are storage, events or an external call's own cost (cold access, value, memory for it). */
const NOT_COMPUTATION = new Set([
  "SLOAD",
  "SSTORE",
  "TLOAD",
  "TSTORE",
  "LOG0",
  "LOG1",
  "LOG2",
  "LOG3",
  "LOG4",
  "CALL",
  "STATICCALL",
  "DELEGATECALL",
  "CALLCODE",
  "BALANCE",
  "EXTCODESIZE",
  "EXTCODECOPY",
  "EXTCODEHASH",
]);

export interface GasTrace {
  gasUsed: bigint;
  /** Gas in each contract's own code, by name. */
  self: Map<string, number>;
  sloads: Map<string, number>;
  /** The focus contract's own gas by opcode. */
  opcodes: Map<string, number>;
  /** The focus contract's own gas between its outgoing calls, each segment labelled by the call opening it. */
  segments: [string, number][];
  /** The focus contract's own computation (see the module's comment). */
  computation: number;
  /** That computation by the function its code belongs to, when the trace was given the focus's `SourceAttribution`. */
  computationByFunction: Map<string, number>;
}

/**
 * Traces `hash`, sent to `to`. `names` maps lower-case addresses to names (unnamed contracts keep their
 * address); `focus` is the name whose own code is broken down by opcode and segment, and by function
 * when `attribution` (the focus's source map) is given.
 */
export async function traceGas(
  ethers: HardhatEthers,
  hash: string,
  to: string,
  names: Map<string, string>,
  focus: string,
  attribution?: SourceAttribution,
): Promise<GasTrace> {
  const receipt = await ethers.provider.getTransactionReceipt(hash);
  const { structLogs } = (await ethers.provider.send("debug_traceTransaction", [hash, { disableStorage: true, disableMemory: true }])) as {
    structLogs: StructLog[];
  };
  const self = new Map<string, number>();
  const sloads = new Map<string, number>();
  const opcodes = new Map<string, number>();
  const computationByFunction = new Map<string, number>();
  const lastNamed = new Map<number, string>();
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  const frames: string[] = [names.get(to.toLowerCase()) ?? to];
  const segments: [string, number][] = [["entry", 0]];
  let computation = 0;
  for (let i = 0; i < structLogs.length; i++) {
    const log = structLogs[i];
    const next = structLogs[i + 1];
    const frame = frames[log.depth - 1];
    if (log.op === "SLOAD") add(sloads, frame, 1);
    let cost: number;
    if (next && next.depth > log.depth) {
      // A call: what it took in all, less what its callee consumed (forwarded, less what was left at its last step).
      const target = "0x" + BigInt(log.stack[log.stack.length - 2]).toString(16).padStart(40, "0");
      frames[log.depth] = names.get(target) ?? target;
      let end = i + 1;
      while (end < structLogs.length && structLogs[end].depth > log.depth) end++;
      const inclusive = log.gas - (structLogs[end]?.gas ?? log.gas);
      const lastChild = structLogs[end - 1];
      cost = inclusive - (next.gas - (lastChild.gas - lastChild.gasCost));
      if (frame === focus) segments.push([`${log.op} ${frames[log.depth]} (depth ${log.depth}) and after`, 0]);
    } else {
      cost = next && next.depth === log.depth ? log.gas - next.gas : log.gasCost;
    }
    add(self, frame, cost);
    if (frame === focus) {
      add(opcodes, log.op, cost);
      segments[segments.length - 1][1] += cost;
      if (!NOT_COMPUTATION.has(log.op)) {
        computation += cost;
        if (attribution) {
          // Code the source map gives no function (the compiler's helpers: ABI coding, checked
          // arithmetic) counts for the function that ran last in this frame: the one that called it.
          const named = attribution.functionAt(log.pc) ?? lastNamed.get(log.depth) ?? "(entry: dispatch and calldata)";
          lastNamed.set(log.depth, named);
          add(computationByFunction, named, cost);
        }
      }
    }
  }
  return { gasUsed: receipt!.gasUsed, self, sloads, opcodes, segments, computation, computationByFunction };
}
