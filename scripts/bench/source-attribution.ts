/**
 * Which Solidity function a program counter of a compiled contract belongs to, from the compiler's
 * own output: the deployed bytecode's source map and the sources' ASTs in Hardhat's build info. It
 * lets a gas trace say where a contract's own computation goes, function by function.
 *
 * An instruction is charged to the innermost function or modifier whose source range contains the
 * range the source map gives it. Instructions the map gives no function (the compiler's own helpers:
 * ABI coding, checked arithmetic, dispatch) have none, and a trace counts them for the function that
 * called them (see `traceGas`). With viaIR the optimizer
 * inlines and moves code, so a small function may show under its caller: read the figures as where
 * the code sits, not as each function's cost in isolation.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

interface AstNode {
  nodeType?: string;
  name?: string;
  kind?: string;
  src?: string;
  nodes?: AstNode[];
  [key: string]: unknown;
}

interface FunctionRange {
  start: number;
  end: number;
  name: string;
}

/** Maps a contract's program counters to the function they run in. */
export interface SourceAttribution {
  /** The function `pc` runs in; undefined for code the source map gives no function. */
  functionAt(pc: number): string | undefined;
}

/** Reads the attribution of `contractName` from the build info of its Hardhat artifact. */
export async function loadSourceAttribution(artifactsDir: string, sourceName: string, contractName: string): Promise<SourceAttribution> {
  const artifactPath = path.join(artifactsDir, sourceName, `${contractName}.json`);
  const artifact = JSON.parse(await readFile(artifactPath, "utf8")) as { buildInfoId: string; inputSourceName: string };
  const buildInfo = JSON.parse(await readFile(path.join(artifactsDir, "build-info", `${artifact.buildInfoId}.output.json`), "utf8")) as {
    output: {
      sources: Record<string, { id: number; ast: AstNode }>;
      contracts: Record<string, Record<string, { evm: { deployedBytecode: { object: string; sourceMap: string } } }>>;
    };
  };
  const { sources, contracts } = buildInfo.output;
  const deployed = contracts[artifact.inputSourceName][contractName].evm.deployedBytecode;
  const functionsBySource = new Map<number, FunctionRange[]>();
  for (const { id, ast } of Object.values(sources)) functionsBySource.set(id, functionRanges(ast));
  return attribution(deployed.object, deployed.sourceMap, functionsBySource);
}

/** Every function and modifier of a source unit, named `Contract.function`. */
export function functionRanges(unit: AstNode): FunctionRange[] {
  const ranges: FunctionRange[] = [];
  const visit = (node: AstNode, contract: string) => {
    const inContract = node.nodeType === "ContractDefinition" ? String(node.name) : contract;
    if ((node.nodeType === "FunctionDefinition" || node.nodeType === "ModifierDefinition") && node.src) {
      const [start, length] = node.src.split(":").map(Number);
      const name = node.name || String(node.kind);
      ranges.push({ start, end: start + length, name: inContract ? `${inContract}.${name}` : name });
    }
    for (const value of Object.values(node)) {
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (child && typeof child === "object" && (child as AstNode).nodeType) visit(child as AstNode, inContract);
      }
    }
  };
  visit(unit, "");
  return ranges;
}

/** The attribution of one bytecode with its source map (`s:l:f:j:m;...`, empty fields repeat the last). */
export function attribution(bytecodeHex: string, sourceMap: string, functionsBySource: Map<number, FunctionRange[]>): SourceAttribution {
  const code = bytecodeHex.startsWith("0x") ? bytecodeHex.slice(2) : bytecodeHex;
  // Instruction index of each program counter: PUSH1..PUSH32 (0x60..0x7f) carry 1..32 bytes.
  const instructionAt = new Map<number, number>();
  for (let pc = 0, index = 0; pc < code.length / 2; index++) {
    instructionAt.set(pc, index);
    const op = parseInt(code.slice(pc * 2, pc * 2 + 2), 16);
    pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
  }
  const names: (string | undefined)[] = [];
  let [start, length, file] = [0, 0, -1];
  for (const entry of sourceMap.split(";")) {
    const [s, l, f] = entry.split(":");
    if (s) start = Number(s);
    if (l) length = Number(l);
    if (f) file = Number(f);
    const candidates = functionsBySource.get(file) ?? [];
    let best: FunctionRange | undefined;
    for (const range of candidates) {
      if (range.start <= start && start + length <= range.end && (!best || range.end - range.start < best.end - best.start)) best = range;
    }
    names.push(best?.name);
  }
  return {
    functionAt(pc: number) {
      const index = instructionAt.get(pc);
      return index === undefined ? undefined : names[index];
    },
  };
}
