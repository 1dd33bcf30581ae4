import type { KeeperConfig } from "./types.js";

/**
 * Hides what may be secret in a URL: the password of `user:password@`, query values, and long
 * path segments (providers put API keys there: `https://eth.example/v2/<key>`).
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "redacted";
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "redacted");
    parsed.pathname = parsed.pathname
      .split("/")
      .map((segment) => (segment.length >= 16 && /^[A-Za-z0-9_-]+$/.test(segment) ? "redacted" : segment))
      .join("/");
    return parsed.toString().replace(/\/$/, url.endsWith("/") ? "/" : "");
  } catch {
    return "redacted";
  }
}

/** The resolved config as plain JSON with secrets redacted (the private key is never in it). */
export function redactConfig(config: KeeperConfig): Record<string, unknown> {
  return {
    ...config,
    rpc: {
      ...config.rpc,
      write: redactUrl(config.rpc.write),
      read: config.rpc.read.map(redactUrl),
      ...(config.rpc.private === undefined ? {} : { private: redactUrl(config.rpc.private) }),
    },
    lowBalanceWei: config.lowBalanceWei.toString(),
  };
}
