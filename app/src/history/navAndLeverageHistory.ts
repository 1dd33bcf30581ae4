import { getRebalanceHistory, getVaultState, PRICE_SCALE, RebalanceAction } from "@leveraged-vault/sdk";
import type { Address, Chain, Client, Transport } from "viem";

/** One point of the chart: the vault just after a rebalance (or now, for the last point). */
export interface HistoryPoint {
  blockNumber: number;
  /** Leverage before the rebalance (x, not WAD); equal to `leverage` for the "now" point. */
  leverageBefore: number;
  /** Leverage after it. */
  leverage: number;
  /** NAV per share in whole asset tokens. */
  navPerShare: number;
  /** NAV per share in whole debt tokens at that block's oracle price. */
  navPerShareInDebt: number;
  label: string;
}

const toNumber = (raw: bigint, decimals: number) => Number(raw) / 10 ** decimals;

/**
 * The vault's leverage and NAV-per-share history: one point per `Rebalanced` event (SDK
 * `getRebalanceHistory`, one `eth_getLogs` per 2,000 blocks), with the NAV read at that event's block (SDK
 * `getVaultState` with `blockNumber`, one `eth_call` each), and a last point for now.
 */
export async function navAndLeverageHistory(
  client: Client<Transport, Chain | undefined>,
  parameters: { vault: Address; /** The vault's creation block (the registry's `createdAtBlock`): no event is older. */ fromBlock: bigint; assetDecimals: number; debtDecimals: number },
): Promise<HistoryPoint[]> {
  const { vault, fromBlock, assetDecimals, debtDecimals } = parameters;
  const rebalances = await getRebalanceHistory(client, { vault, fromBlock });
  const states = await Promise.all([...rebalances.map((rebalance) => getVaultState(client, { vault, blockNumber: rebalance.blockNumber })), getVaultState(client, { vault })]);
  const point = (state: (typeof states)[number], blockNumber: bigint, leverageBefore: bigint, label: string): HistoryPoint => ({
    blockNumber: Number(blockNumber),
    leverageBefore: toNumber(leverageBefore, 18),
    leverage: toNumber(state.positionState.leverage, 18),
    navPerShare: toNumber(state.sharePrice, assetDecimals),
    navPerShareInDebt: toNumber((state.sharePrice * state.positionState.price) / PRICE_SCALE, debtDecimals),
    label,
  });
  const points = rebalances.map((rebalance, index) =>
    point(states[index]!, rebalance.blockNumber, rebalance.leverageBefore, rebalance.action === RebalanceAction.Emergency ? "emergency delever" : "rebalance"),
  );
  const now = states[states.length - 1]!;
  const latest = await client.request({ method: "eth_blockNumber" });
  points.push(point(now, BigInt(latest), now.positionState.leverage, "now"));
  return points;
}
