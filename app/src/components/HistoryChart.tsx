import { getNavHistoryQueryOptions, getRebalanceHistoryQueryOptions, PRICE_SCALE, type NavSnapshot } from "@leveraged-vault/sdk";
import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import type { HistorySource } from "../history/historySource.js";
import type { VaultUnits } from "./useVaultData.js";
import { Card } from "./VaultPanel.js";

/** One point of the chart. */
interface ChartPoint {
  blockNumber: number;
  time: string;
  /** x, not WAD. */
  leverage: number;
  /** In whole asset tokens. */
  navPerShare: number;
  /** In whole debt tokens at that block's oracle price. */
  navPerShareInDebt: number;
}

const toNumber = (raw: bigint, decimals: number) => Number(raw) / 10 ** decimals;

/** The chart's points from the SDK's NAV snapshots. */
export function chartPoints(snapshots: readonly NavSnapshot[], units: Pick<VaultUnits, "assetDecimals" | "debtDecimals">): ChartPoint[] {
  return snapshots.map((snapshot) => ({
    blockNumber: Number(snapshot.blockNumber),
    time: new Date(Number(snapshot.timestamp) * 1000).toISOString().slice(5, 16).replace("T", " "),
    leverage: toNumber(snapshot.leverage, 18),
    navPerShare: toNumber(snapshot.navPerShare, units.assetDecimals),
    navPerShareInDebt: toNumber((snapshot.navPerShare * snapshot.price) / PRICE_SCALE, units.debtDecimals),
  }));
}

/**
 * NAV per share and leverage through time (SDK `getNavHistory`: the indexer's snapshots, or over RPC
 * one at each block with a flow or a rebalance), and the number of rebalances (`getRebalanceHistory`),
 * from the source the page uses.
 */
export function HistoryChart(props: { chainId: number; vault: Address; fromBlock: bigint; units: VaultUnits; source: HistorySource }) {
  const client = usePublicClient({ chainId: props.chainId })!;
  const { assetSymbol, debtSymbol } = props.units;
  const { indexer } = props.source;
  const history = useQuery({ ...getNavHistoryQueryOptions(client, { vault: props.vault, fromBlock: props.fromBlock, indexer }), refetchInterval: 5_000 });
  const rebalances = useQuery({ ...getRebalanceHistoryQueryOptions(client, { vault: props.vault, fromBlock: props.fromBlock, indexer }), refetchInterval: 5_000 });
  const points = chartPoints(history.data ?? [], props.units);
  const count = rebalances.data?.length ?? -1;
  const last = points.at(-1);
  return (
    <Card title={`History: ${count < 0 ? "…" : `${count} rebalance${count === 1 ? "" : "s"}`}, ${points.length} snapshots`}>
      <div className="chart" data-testid="history-chart" data-rebalances={count} data-points={points.length} data-source={props.source.kind}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3345" />
            <XAxis dataKey="time" stroke="#8b95a7" minTickGap={48} />
            <YAxis yAxisId="leverage" stroke="#7aa2f7" domain={[(low: number) => Math.max(1, Math.floor((low - 0.1) * 10) / 10), (high: number) => Math.ceil((high + 0.1) * 10) / 10]} tickFormatter={(value: number) => `${value.toFixed(2)}x`} />
            <YAxis yAxisId="nav" orientation="right" stroke="#9ece6a" domain={[(low: number) => low * 0.95, (high: number) => high * 1.05]} tickFormatter={(value: number) => value.toFixed(4)} />
            <Tooltip contentStyle={{ background: "#161b26", border: "1px solid #2a3345" }} formatter={(value) => (typeof value === "number" ? value.toFixed(4) : String(value))} />
            <Legend />
            <Line yAxisId="leverage" type="stepAfter" dataKey="leverage" name="leverage" stroke="#7aa2f7" dot={false} isAnimationActive={false} />
            <Line yAxisId="nav" type="monotone" dataKey="navPerShare" name={`NAV / share (${assetSymbol})`} stroke="#9ece6a" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="muted small" data-testid="history-summary">
        {history.error
          ? `Could not read the history: ${history.error.message.split("\n")[0]}`
          : last
            ? `From block ${points[0]!.blockNumber} to ${last.blockNumber}: NAV per share ${points[0]!.navPerShareInDebt.toFixed(2)} → ${last.navPerShareInDebt.toFixed(2)} ${debtSymbol}`
            : "Reading the history…"}
      </p>
    </Card>
  );
}
