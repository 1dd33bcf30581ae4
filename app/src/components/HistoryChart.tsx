import { useQuery } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Address } from "viem";
import { usePublicClient } from "wagmi";

import { navAndLeverageHistory } from "../history/navAndLeverageHistory.js";
import type { VaultUnits } from "./useVaultData.js";
import { Card } from "./VaultPanel.js";

/** Leverage (before and after each rebalance) and NAV per share over blocks, from the vault's `Rebalanced` events. */
export function HistoryChart(props: { chainId: number; vault: Address; fromBlock: bigint; units: VaultUnits }) {
  const client = usePublicClient({ chainId: props.chainId })!;
  const { assetDecimals, debtDecimals, assetSymbol, debtSymbol } = props.units;
  const history = useQuery({
    queryKey: ["app", "navAndLeverageHistory", { chainId: client.chain.id, vault: props.vault }],
    queryFn: () => navAndLeverageHistory(client, { vault: props.vault, fromBlock: props.fromBlock, assetDecimals, debtDecimals }),
    refetchInterval: 5_000,
  });
  const points = history.data ?? [];
  const rebalances = points.length - 1;
  return (
    <Card title={`History: ${rebalances < 0 ? "…" : `${rebalances} rebalance${rebalances === 1 ? "" : "s"}`}`}>
      <div className="chart" data-testid="history-chart" data-rebalances={rebalances}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#2a3345" />
            <XAxis dataKey="blockNumber" stroke="#8b95a7" label={{ value: "block", position: "insideBottomRight", offset: -4, fill: "#8b95a7" }} />
            <YAxis yAxisId="leverage" stroke="#7aa2f7" domain={[(low: number) => Math.max(1, Math.floor((low - 0.1) * 10) / 10), (high: number) => Math.ceil((high + 0.1) * 10) / 10]} tickFormatter={(value: number) => `${value.toFixed(2)}x`} />
            <YAxis yAxisId="nav" orientation="right" stroke="#9ece6a" domain={[(low: number) => low * 0.95, (high: number) => high * 1.05]} tickFormatter={(value: number) => value.toFixed(4)} />
            <Tooltip contentStyle={{ background: "#161b26", border: "1px solid #2a3345" }} />
            <Legend />
            <Line yAxisId="leverage" type="stepAfter" dataKey="leverageBefore" name="leverage before" stroke="#f7768e" strokeDasharray="4 3" dot isAnimationActive={false} />
            <Line yAxisId="leverage" type="monotone" dataKey="leverage" name="leverage after" stroke="#7aa2f7" dot isAnimationActive={false} />
            <Line yAxisId="nav" type="monotone" dataKey="navPerShare" name={`NAV / share (${assetSymbol})`} stroke="#9ece6a" dot isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="muted small">
        NAV per share in {debtSymbol}: {points.map((point) => point.navPerShareInDebt.toFixed(2)).join(" → ") || "—"}
      </p>
    </Card>
  );
}
