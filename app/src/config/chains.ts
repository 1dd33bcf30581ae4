import { getAddress, isAddress, type Address } from "viem";

/** One chain the page serves: where to read it and its `VaultRegistry`. */
export interface AppChain {
  chainId: number;
  name: string;
  /** JSON-RPC URL; a path (`/rpc`) is on the page's own server, which forwards it (the local node). */
  rpcUrl: string;
  registry: Address;
  /**
   * The chain's leveraged-vault indexer (`npm run indexer`), an http(s) URL or a path on the page's
   * server (`/indexer`, which `npm run app` forwards); absent: history, returns and positions are read
   * from the RPC in chunks.
   */
  indexerUrl?: string | undefined;
}

/** The variable the page's chain config comes from (set at build time, or by the dev server's environment). */
export const CHAINS_VARIABLE = "VITE_LEVERAGED_VAULT_CHAINS";

/** A chain config that cannot be used, naming the entry and field that are wrong. */
export class ChainConfigError extends Error {
  override name = "ChainConfigError";
}

/**
 * Parses the chain config: a JSON array of `{ chainId, name, rpcUrl, registry, indexerUrl? }`, one per chain,
 * e.g. `[{"chainId":31337,"name":"Local chain","rpcUrl":"/rpc","registry":"0x…"}]`. This is the only
 * place the page learns where vaults are: it lists each chain's registry, so the same build works
 * wherever it is served. Throws {@link ChainConfigError} naming the entry and the field.
 */
export function parseChains(text: string | undefined): AppChain[] {
  if (text === undefined || text.trim() === "") {
    throw new ChainConfigError(`${CHAINS_VARIABLE} is not set: it lists the chains the page serves, as [{"chainId":…,"name":…,"rpcUrl":…,"registry":"0x…"}] (npm run app sets it)`);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (error) {
    throw new ChainConfigError(`${CHAINS_VARIABLE} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new ChainConfigError(`${CHAINS_VARIABLE} must be a non-empty JSON array of chains`);
  const chains = entries.map((entry: Record<string, unknown>, index): AppChain => {
    const where = `${CHAINS_VARIABLE}[${index}]`;
    if (typeof entry !== "object" || entry === null) throw new ChainConfigError(`${where} must be an object`);
    const { chainId, name, rpcUrl, registry, indexerUrl } = entry;
    if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) throw new ChainConfigError(`${where}.chainId must be a positive integer (got ${JSON.stringify(chainId)})`);
    if (typeof name !== "string" || name.trim() === "") throw new ChainConfigError(`${where}.name must be a non-empty string (got ${JSON.stringify(name)})`);
    if (typeof rpcUrl !== "string" || !(rpcUrl.startsWith("/") || /^https?:\/\//.test(rpcUrl))) {
      throw new ChainConfigError(`${where}.rpcUrl must be an http(s) URL or a path on the page's server (got ${JSON.stringify(rpcUrl)})`);
    }
    if (typeof registry !== "string" || !isAddress(registry, { strict: false })) throw new ChainConfigError(`${where}.registry must be a 0x-prefixed 20-byte address (got ${JSON.stringify(registry)})`);
    if (indexerUrl !== undefined && (typeof indexerUrl !== "string" || !(indexerUrl.startsWith("/") || /^https?:\/\//.test(indexerUrl)))) {
      throw new ChainConfigError(`${where}.indexerUrl must be an http(s) URL or a path on the page's server (got ${JSON.stringify(indexerUrl)})`);
    }
    return { chainId, name, rpcUrl, registry: getAddress(registry), ...(indexerUrl === undefined ? {} : { indexerUrl }) };
  });
  const seen = new Set<number>();
  for (const chain of chains) {
    if (seen.has(chain.chainId)) throw new ChainConfigError(`${CHAINS_VARIABLE} lists chain id ${chain.chainId} twice`);
    seen.add(chain.chainId);
  }
  return chains;
}

/** The chain config this build was given. */
export function configuredChains(): AppChain[] {
  // Vite writes import.meta.env in at build time; typed here so the file also loads in Node (its tests)
  const env = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env;
  return parseChains(env?.[CHAINS_VARIABLE]);
}
