/**
 * Batched reads that scale: calls grouped per vault, packed into as few `eth_call`s as the limits
 * allow, each call through Multicall3's `aggregate3` (the chain's deployed Multicall3, or viem's
 * deployless copy where none is deployed).
 */
import { encodeFunctionData, parseAbi, type Abi, type AbiParameter, type Address, type Client, type ContractFunctionParameters } from "viem";
import { getCode, multicall } from "viem/actions";

/** Multicall3's address on every chain that has it (and on the local stack). */
export const MULTICALL3_ADDRESS: Address = "0xcA11bde05977b3631167028862bE2a173976CA11";

/** Multicall3's block getters (viem's `multicall3Abi` carries only `aggregate3`). */
export const multicall3GettersAbi = parseAbi([
  "function getBlockNumber() view returns (uint256 blockNumber)",
  "function getCurrentBlockTimestamp() view returns (uint256 timestamp)",
  "function getBasefee() view returns (uint256 basefee)",
  "function getEthBalance(address addr) view returns (uint256 balance)",
]);

/**
 * A deployless call returns its data as the code of a contract being created, so one deployless
 * `eth_call` cannot return more than the 24,576-byte contract size limit (EIP-170).
 */
export const DEPLOYLESS_MAX_RETURN_BYTES = 24_576;

/** How reads reach the chain: a deployed Multicall3, or viem's deployless bytecode. */
export type ReadPath = { kind: "multicall3"; address: Address } | { kind: "deployless" };

/** Upper bounds of one `eth_call`. */
export interface ChunkLimits {
  /** Calldata of one `aggregate3` call, bytes. */
  maxCalldataBytes: number;
  /** ABI-encoded `Result[]` one `aggregate3` call returns, bytes (at most {@link DEPLOYLESS_MAX_RETURN_BYTES} on the deployless path). */
  maxReturnDataBytes: number;
}

/** One contract read, as viem's `multicall` takes it. */
export type ReadCall = ContractFunctionParameters<Abi, "view" | "pure" | "nonpayable" | "payable">;

/** What a read returned: viem's `multicall` result with `allowFailure`. */
export type ReadResult = { status: "success"; result: unknown; error?: undefined } | { status: "failure"; error: Error; result?: undefined };

/**
 * Bytes a dynamic return value (a `string`, `bytes` or array) is assumed to take, beyond its
 * offset word. Only `symbol()` returns one in the keeper's reads; symbols are a few characters.
 */
export const ASSUMED_DYNAMIC_RETURN_BYTES = 128;

const word = 32;
const padded = (bytes: number) => Math.ceil(bytes / word) * word;

/** Size of ABI-encoded values of these parameters (dynamic parts counted at {@link ASSUMED_DYNAMIC_RETURN_BYTES}). */
export function encodedSize(parameters: readonly AbiParameter[]): number {
  return parameters.reduce((total, parameter) => total + encodedParameterSize(parameter), 0);
}

function encodedParameterSize(parameter: AbiParameter): number {
  const fixedArray = /^(.*)\[(\d+)\]$/.exec(parameter.type);
  if (fixedArray) return Number(fixedArray[2]) * encodedParameterSize({ ...parameter, type: fixedArray[1]! });
  if (parameter.type === "string" || parameter.type === "bytes" || parameter.type.endsWith("[]")) return word + ASSUMED_DYNAMIC_RETURN_BYTES;
  if (parameter.type === "tuple") return encodedSize((parameter as { components: readonly AbiParameter[] }).components);
  return word;
}

/** Bytes one call adds to `aggregate3`'s calldata: its offset, `(target, allowFailure, offset, length)` and the padded calldata. */
export function calldataBytesOf(call: ReadCall): number {
  const callData = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never);
  return word + 4 * word + padded((callData.length - 2) / 2);
}

/** Bytes one call adds to `aggregate3`'s return data: its offset, `(success, offset, length)` and the padded return value. */
export function returnBytesOf(call: ReadCall): number {
  const item = (call.abi as Abi).find((entry) => entry.type === "function" && entry.name === call.functionName) as { outputs: readonly AbiParameter[] } | undefined;
  return word + 3 * word + padded(encodedSize(item?.outputs ?? []));
}

/** Fixed part of `aggregate3`: selector, array offset and length (calldata); array offset and length (return data). */
const AGGREGATE3_CALLDATA_OVERHEAD = 4 + 2 * word;
const AGGREGATE3_RETURN_OVERHEAD = 2 * word;

/** The sizes of one group of calls (one vault's). */
export interface GroupSize {
  calldataBytes: number;
  returnBytes: number;
}

/**
 * Packs groups (one per vault) into chunks, keeping each group whole and in order, so every chunk's
 * `aggregate3` calldata and return data stay within `limits`. `firstChunkExtra` is room reserved in
 * the first chunk (for the block and balance calls). A group larger than the limits on its own gets
 * a chunk to itself. Pure: returns the group indexes of each chunk.
 */
export function planChunks(groups: readonly GroupSize[], limits: ChunkLimits, firstChunkExtra: GroupSize = { calldataBytes: 0, returnBytes: 0 }): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let calldata = AGGREGATE3_CALLDATA_OVERHEAD + firstChunkExtra.calldataBytes;
  let returned = AGGREGATE3_RETURN_OVERHEAD + firstChunkExtra.returnBytes;
  groups.forEach((group, index) => {
    const fits = calldata + group.calldataBytes <= limits.maxCalldataBytes && returned + group.returnBytes <= limits.maxReturnDataBytes;
    if (!fits && current.length > 0) {
      chunks.push(current);
      current = [];
      calldata = AGGREGATE3_CALLDATA_OVERHEAD;
      returned = AGGREGATE3_RETURN_OVERHEAD;
    }
    current.push(index);
    calldata += group.calldataBytes;
    returned += group.returnBytes;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Sizes of a group of calls. */
export function groupSize(calls: readonly ReadCall[]): GroupSize {
  return calls.reduce<GroupSize>(
    (total, call) => ({ calldataBytes: total.calldataBytes + calldataBytesOf(call), returnBytes: total.returnBytes + returnBytesOf(call) }),
    { calldataBytes: 0, returnBytes: 0 },
  );
}

/**
 * The read path of this chain: Multicall3 when code is deployed at its canonical address, else the
 * deployless path (one `eth_getCode`, once per process).
 */
export async function detectReadPath(client: Client): Promise<ReadPath> {
  const code = await getCode(client, { address: MULTICALL3_ADDRESS });
  return code && code !== "0x" ? { kind: "multicall3", address: MULTICALL3_ADDRESS } : { kind: "deployless" };
}

/** The limits in force on a path: the deployless path's return data is capped by the contract size limit. */
export function limitsFor(path: ReadPath, limits: ChunkLimits): ChunkLimits {
  return path.kind === "deployless" ? { ...limits, maxReturnDataBytes: Math.min(limits.maxReturnDataBytes, DEPLOYLESS_MAX_RETURN_BYTES) } : limits;
}

export interface AggregateParameters {
  path: ReadPath;
  /** One `aggregate3` call's calls, in order. */
  calls: readonly ReadCall[];
  blockNumber?: bigint | undefined;
}

/** One `aggregate3` `eth_call` (never split further: the caller planned the chunk). Each call may fail on its own. */
export async function aggregate(client: Client, { path, calls, blockNumber }: AggregateParameters): Promise<ReadResult[]> {
  return (await multicall(client, {
    contracts: calls as ReadCall[],
    allowFailure: true,
    batchSize: 0,
    ...(path.kind === "multicall3" ? { multicallAddress: path.address } : { deployless: true }),
    ...(blockNumber !== undefined ? { blockNumber } : {}),
  })) as ReadResult[];
}
