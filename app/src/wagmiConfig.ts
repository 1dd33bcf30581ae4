import { defineChain, type Address } from "viem";
import { hardhat } from "viem/chains";
import { createConfig, http } from "wagmi";
import { injected, mock } from "wagmi/connectors";

/** Which of the local node's accounts the test-account connector uses: #3 (#0 deploys, #1 keeps, #2 is the scripts' depositor). */
export const TEST_ACCOUNT_INDEX = 3;

/** The local chain, reached through the page server's `/rpc` proxy. */
export function localChain(origin: string) {
  return defineChain({ ...hardhat, rpcUrls: { default: { http: [`${origin}/rpc`] } } });
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
 * wagmi config: an injected wallet (MetaMask and the like, plus any EIP-6963 wallet wagmi
 * discovers) and, when the node has unlocked accounts, a test-account connector for the local chain.
 */
export function createWagmiConfig(origin: string, testAccount: Address | undefined) {
  const chain = localChain(origin);
  const connectors = [injected({ shimDisconnect: true })];
  if (testAccount) connectors.push(mock({ accounts: [testAccount], features: { reconnect: true } }) as never);
  return createConfig({
    chains: [chain],
    connectors,
    transports: { [chain.id]: http(chain.rpcUrls.default.http[0], { retryCount: 0 }) },
    pollingInterval: 1_000,
  });
}

export type AppWagmiConfig = ReturnType<typeof createWagmiConfig>;
