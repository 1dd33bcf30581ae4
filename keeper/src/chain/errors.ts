import { BaseError, ContractFunctionRevertedError, decodeErrorResult, HttpRequestError, TimeoutError, WebSocketRequestError, type Hex } from "viem";

import { leveragedVaultAbi } from "./vaultAbi.js";

/** True when the error means an RPC endpoint could not be reached or did not answer. */
export function isRpcUnreachable(error: unknown): boolean {
  if (error instanceof BaseError) {
    const found = error.walk((cause) => cause instanceof HttpRequestError || cause instanceof TimeoutError || cause instanceof WebSocketRequestError);
    if (found) return true;
  }
  const text = error instanceof Error ? `${error.message} ${String((error as any).cause?.message ?? "")}` : String(error);
  return /ECONNREFUSED|ECONNRESET|fetch failed|socket hang up|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/.test(text);
}

/** The JSON-RPC method of the request that failed to reach its endpoint, when known. */
export function failedRpcMethod(error: unknown): string | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const http = error.walk((cause) => cause instanceof HttpRequestError) as HttpRequestError | null;
  const body = http?.body as { method?: string } | { method?: string }[] | undefined;
  return Array.isArray(body) ? body[0]?.method : body?.method;
}

/** A vault custom error found in a viem error. */
export interface VaultRevert {
  errorName: string;
  args: readonly unknown[];
}

/** Finds the vault's custom error inside a viem error (simulation, estimate or send), if any. */
export function decodeVaultRevert(error: unknown): VaultRevert | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  if (reverted?.data?.errorName) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  let data: Hex | undefined;
  error.walk((cause) => {
    const candidate = (cause as { data?: unknown }).data;
    if (typeof candidate === "string" && /^0x[0-9a-fA-F]{8,}$/.test(candidate)) data = candidate as Hex;
    else if (candidate && typeof candidate === "object" && typeof (candidate as { data?: unknown }).data === "string") data = (candidate as { data: Hex }).data;
    return false;
  });
  if (!data) {
    const match = /0x[0-9a-fA-F]{8,}/.exec(error.message.match(/data[":\s]+(0x[0-9a-fA-F]+)/)?.[1] ?? "");
    data = match?.[0] as Hex | undefined;
  }
  if (!data) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: leveragedVaultAbi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}
