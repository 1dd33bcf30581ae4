/**
 * The networks the project ships presets for: name, chain id and the chain type Hardhat 3 models
 * (`op` for the OP-stack chains, `l1` for Ethereum, `generic` otherwise). This file imports nothing,
 * so `hardhat.config.ts` can generate its networks from it; the protocol addresses of each network
 * live in `presets.ts`, taken from the protocols' own packages.
 */
export const NETWORKS = [
  { name: "ethereum", chainId: 1, chainType: "l1", testnet: false, envPrefix: "ETHEREUM" },
  { name: "base", chainId: 8453, chainType: "op", testnet: false, envPrefix: "BASE" },
  { name: "arbitrum", chainId: 42161, chainType: "generic", testnet: false, envPrefix: "ARBITRUM" },
  { name: "sepolia", chainId: 11155111, chainType: "l1", testnet: true, envPrefix: "SEPOLIA" },
  { name: "base-sepolia", chainId: 84532, chainType: "op", testnet: true, envPrefix: "BASE_SEPOLIA" },
  { name: "arbitrum-sepolia", chainId: 421614, chainType: "generic", testnet: true, envPrefix: "ARBITRUM_SEPOLIA" },
] as const;

export type NetworkName = (typeof NETWORKS)[number]["name"];
export const NETWORK_NAMES = NETWORKS.map((network) => network.name) as NetworkName[];

/** The Hardhat configuration variables (keystore, or environment) a network's RPC URL and deployer key come from. */
export function networkVariables(name: NetworkName): { rpcUrl: string; deployerKey: string } {
  const prefix = NETWORKS.find((network) => network.name === name)!.envPrefix;
  return { rpcUrl: `${prefix}_RPC_URL`, deployerKey: `${prefix}_DEPLOYER_KEY` };
}

/** Reads a `--network` value naming a preset network, with an error listing them. */
export function parseNetworkName(value: string): NetworkName {
  if (!(NETWORK_NAMES as string[]).includes(value)) throw new RangeError(`--network must be localhost or one of ${NETWORK_NAMES.join(", ")} (got "${value}")`);
  return value as NetworkName;
}
