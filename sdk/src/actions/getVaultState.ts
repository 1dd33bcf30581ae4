import { zeroAddress, type Address, type Chain, type Client, type Transport } from "viem";
import { multicall } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import type { OracleParameters, PositionState, RebalanceStatus, RiskParameters } from "../types.js";

/** Parameters of {@link getVaultState}. */
export interface GetVaultStateParameters {
  /** The vault's address. */
  vault: Address;
  /** Read at this block (default: latest). Every field comes from this one block. */
  blockNumber?: bigint | undefined;
}

/** Everything a dApp shows about a vault, read in one block. */
export interface GetVaultStateReturnType {
  /** The vault's address. */
  vault: Address;
  /** The collateral token: the ERC-4626 `asset()`. */
  asset: Address;
  /** The token the vault borrows. */
  debtToken: Address;
  /** Share token name. */
  name: string;
  /** Share token symbol. */
  symbol: string;
  /** Share token decimals (asset decimals plus the vault's decimals offset). */
  decimals: number;
  /** The position's equity in collateral units (`collateral − debt / price`). */
  totalAssets: bigint;
  /** Shares outstanding. */
  totalSupply: bigint;
  /** `convertToAssets` of one whole share (`10 ** decimals` raw shares), in raw asset units. */
  sharePrice: bigint;
  /** The position valued at the oracle. */
  positionState: PositionState;
  /** Configured risk parameters (not the wind-down overrides; see `rebalanceStatus` for those). */
  riskParameters: RiskParameters;
  /** Oracle parameters. */
  oracleParameters: OracleParameters;
  /** What rebalance is due and the numbers behind it (effective band during wind-down). */
  rebalanceStatus: RebalanceStatus;
  /** Whether deposits are paused (exits never are). */
  depositsPaused: boolean;
  /** Whether the vault is winding down to 1x. */
  windDownActive: boolean;
  /** Most equity deposits may bring the vault to (`riskParameters.depositCap`). */
  depositCap: bigint;
  /** `maxDeposit(address(0))`: what a deposit may bring right now (0 while deposits are closed). */
  maxDeposit: bigint;
  /** Leverage at which the lending market liquidates the vault (WAD). */
  liquidationLeverage: bigint;
  /** When the last rebalance traded (unix seconds, 0: never). */
  lastRebalanceAt: bigint;
  /** When the vault was reported out of band (0: it was not). */
  outOfBandSince: bigint;
}

/**
 * `convertToAssets` is a floor of a linear function of the shares, so the value of one whole share
 * is recovered exactly from the value of `10 ** 48` raw shares: `⌊⌊10^48·q⌋ / 10^(48−d)⌋ = ⌊10^d·q⌋`.
 * This lets one multicall read the share price before it knows the share decimals.
 */
const SHARE_PRICE_PROBE_DECIMALS = 48;

/**
 * Reads every number a dApp shows about a vault in ONE `eth_call`: a deployless Multicall3 (viem
 * ships its bytecode, so it works on chains without Multicall3, such as a fresh `hardhat node`),
 * all from the same block.
 *
 * @example
 * ```ts
 * import { createPublicClient, http } from "viem";
 * import { hardhat } from "viem/chains";
 * import { getVaultState } from "@leveraged-vault/sdk";
 *
 * const client = createPublicClient({ chain: hardhat, transport: http() });
 * const state = await getVaultState(client, { vault: "0x..." });
 * console.log(state.symbol, state.positionState.leverage, state.rebalanceStatus.action);
 * ```
 */
export async function getVaultState(
  client: Client<Transport, Chain | undefined>,
  parameters: GetVaultStateParameters,
): Promise<GetVaultStateReturnType> {
  const { vault, blockNumber } = parameters;
  const contract = { address: vault, abi: leveragedVaultAbi } as const;
  const [
    asset,
    debtToken,
    name,
    symbol,
    decimals,
    totalSupply,
    probeAssets,
    positionState,
    riskParameters,
    oracleParameters,
    rebalanceStatus,
    depositsPaused,
    windDownActive,
    maxDeposit,
    liquidationLeverage,
    lastRebalanceAt,
    outOfBandSince,
  ] = await multicall(client, {
    allowFailure: false,
    deployless: true,
    blockNumber,
    contracts: [
      { ...contract, functionName: "asset" },
      { ...contract, functionName: "debtToken" },
      { ...contract, functionName: "name" },
      { ...contract, functionName: "symbol" },
      { ...contract, functionName: "decimals" },
      { ...contract, functionName: "totalSupply" },
      { ...contract, functionName: "convertToAssets", args: [10n ** BigInt(SHARE_PRICE_PROBE_DECIMALS)] },
      { ...contract, functionName: "positionState" },
      { ...contract, functionName: "riskParameters" },
      { ...contract, functionName: "oracleParameters" },
      { ...contract, functionName: "rebalanceStatus" },
      { ...contract, functionName: "depositsPaused" },
      { ...contract, functionName: "windDownActive" },
      { ...contract, functionName: "maxDeposit", args: [zeroAddress] },
      { ...contract, functionName: "liquidationLeverage" },
      { ...contract, functionName: "lastRebalanceAt" },
      { ...contract, functionName: "outOfBandSince" },
    ],
  });
  const sharePrice = decimals <= SHARE_PRICE_PROBE_DECIMALS
    ? probeAssets / 10n ** BigInt(SHARE_PRICE_PROBE_DECIMALS - decimals)
    : probeAssets * 10n ** BigInt(decimals - SHARE_PRICE_PROBE_DECIMALS);
  return {
    vault,
    asset,
    debtToken,
    name,
    symbol,
    decimals,
    // `totalAssets()` is the position's equity: read once, as part of `positionState()`.
    totalAssets: positionState.equity,
    totalSupply,
    sharePrice,
    positionState: { ...positionState },
    riskParameters: { ...riskParameters },
    oracleParameters: { ...oracleParameters },
    rebalanceStatus: { ...rebalanceStatus },
    depositsPaused,
    windDownActive,
    depositCap: riskParameters.depositCap,
    maxDeposit,
    liquidationLeverage,
    lastRebalanceAt,
    outOfBandSince,
  };
}
