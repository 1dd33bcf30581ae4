import { defineChain, type Address } from "viem";
import { createConfig, http } from "wagmi";
import { injected, mock } from "wagmi/connectors";

import type { AppChain } from "./config/chains.js";

/** Which of the local node's accounts the test-account connector uses: #3 (#0 deploys, #1 keeps, #2 is the scripts' depositor). */
export const TEST_ACCOUNT_INDEX = 3;

/** A configured chain as viem's `Chain`, its RPC resolved against the page's origin when it is a path. */
export function toViemChain(chain: AppChain, origin: string) {
  const url = chain.rpcUrl.startsWith("/") ? `${origin}${chain.rpcUrl}` : chain.rpcUrl;
  return defineChain({
    id: chain.chainId,
    name: chain.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
}

/**
 * The node's own unlocked accounts (Hardhat's well-known development accounts). The test-account
 * connector sends through them: the node signs, so no key is ever in the page.
 */
export async function fetchNodeAccounts(rpcUrl: string): Promise<Address[]> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_accounts", params: [] }),
  });
  const body = (await response.json()) as { result?: Address[]; error?: { message: string } };
  if (!body.result) throw new Error(`the node at ${rpcUrl} did not list its accounts: ${body.error?.message ?? response.statusText}`);
  return body.result;
}

/**
 * wagmi config for every configured chain: an injected wallet (MetaMask and the like, plus any
 * EIP-6963 wallet wagmi discovers) and, when the first chain's node has unlocked accounts, a
 * test-account connector (it starts on the first chain and can switch like a wallet).
 */
export function createWagmiConfig(origin: string, appChains: AppChain[], testAccount: Address | undefined) {
  const chains = appChains.map((chain) => toViemChain(chain, origin));
  const connectors = [injected({ shimDisconnect: true })];
  if (testAccount) connectors.push(mock({ accounts: [testAccount], features: { reconnect: true } }) as never);
  return createConfig({
    chains: chains as never as readonly [ReturnType<typeof toViemChain>, ...ReturnType<typeof toViemChain>[]],
    connectors,
    transports: Object.fromEntries(chains.map((chain) => [chain.id, http(chain.rpcUrls.default.http[0], { retryCount: 0 })])),
    pollingInterval: 1_000,
  });
}

export type AppWagmiConfig = ReturnType<typeof createWagmiConfig>;
