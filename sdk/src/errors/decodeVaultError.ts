import { BaseError, ContractFunctionRevertedError, decodeErrorResult, isHex, type Hex } from "viem";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { LeveragedVaultError } from "./LeveragedVaultError.js";
import { vaultErrorClasses, type AnyVaultError, type VaultErrorName } from "./vaultErrors.js";

/**
 * Turns anything a viem call, simulation or transaction threw (or raw revert data) into the typed
 * vault error it carries, e.g. a `LeverageInBandError` with `leverage`, `minLeverage` and
 * `maxLeverage`. Walks viem's error chain (`BaseError.walk`): a decoded
 * `ContractFunctionRevertedError`, or the raw revert data any link carries (`data` of an RPC or raw
 * contract error). Returns `undefined` when no vault error is found (network failure, a revert of
 * another contract, a plain `require` string...).
 *
 * @example
 * ```ts
 * import { decodeVaultError, DeadlineExpiredError } from "@leveraged-vault/sdk";
 *
 * try {
 *   await walletClient.sendTransaction(depositTransaction);
 * } catch (error) {
 *   const decoded = decodeVaultError(error);
 *   if (decoded instanceof DeadlineExpiredError) console.log("expired at", decoded.deadline);
 *   else throw error;
 * }
 * ```
 */
export function decodeVaultError(error: unknown): AnyVaultError | undefined {
  if (typeof error === "string") return isHex(error) ? fromRevertData(error, undefined) : undefined;
  if (!(error instanceof Error)) return undefined;
  if (isVaultError(error)) return error;

  const links: unknown[] = [];
  if (error instanceof BaseError) {
    error.walk((link) => {
      links.push(link);
      return false;
    });
  } else {
    for (let link: unknown = error; link; link = (link as { cause?: unknown }).cause) links.push(link);
  }
  for (const link of links) {
    if (link instanceof ContractFunctionRevertedError) {
      if (link.raw) {
        const decoded = fromRevertData(link.raw, error);
        if (decoded) return decoded;
      }
      if (link.data?.errorName && link.data.errorName in vaultErrorClasses) {
        return instantiate(link.data.errorName as VaultErrorName, link.data.args ?? [], undefined, error);
      }
    }
    const data = revertDataOf(link);
    if (data) {
      const decoded = fromRevertData(data, error);
      if (decoded) return decoded;
    }
  }
  return undefined;
}

function isVaultError(error: Error): error is AnyVaultError {
  return Object.values(vaultErrorClasses).some((errorClass) => error instanceof errorClass);
}

/** Revert data carried by one link of an error chain: `data` as hex, or `{ data: hex }` (JSON-RPC shapes). */
function revertDataOf(link: unknown): Hex | undefined {
  if (typeof link !== "object" || link === null) return undefined;
  const data = (link as { data?: unknown }).data;
  if (typeof data === "string" && isHex(data) && data.length >= 10) return data;
  if (typeof data === "object" && data !== null) {
    const nested = (data as { data?: unknown }).data;
    if (typeof nested === "string" && isHex(nested) && nested.length >= 10) return nested;
  }
  return undefined;
}

function fromRevertData(data: Hex, cause: Error | undefined): AnyVaultError | undefined {
  try {
    const { errorName, args } = decodeErrorResult({ abi: leveragedVaultAbi, data });
    return instantiate(errorName, args ?? [], data, cause);
  } catch {
    return undefined;
  }
}

function instantiate(name: VaultErrorName, args: readonly unknown[], data: Hex | undefined, cause: Error | undefined): AnyVaultError {
  const entry = leveragedVaultAbi.find((item) => item.type === "error" && item.name === name) as
    | { inputs: readonly { name: string }[] }
    | undefined;
  const named = Object.fromEntries((entry?.inputs ?? []).map((input, index) => [input.name, args[index]]));
  const ErrorClass = vaultErrorClasses[name] as unknown as new (
    args: Record<string, unknown>,
    options: { cause?: Error | undefined; data?: Hex | undefined },
  ) => LeveragedVaultError;
  return new ErrorClass(named, { cause, data }) as AnyVaultError;
}
