import { BaseError, HttpRequestError, TimeoutError, WebSocketRequestError } from "viem";

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
