import { formatLeverage, WAD, type RebalanceStatus } from "@leveraged-vault/sdk";

/**
 * A bar from 1x to the liquidation leverage: the band shaded, the emergency level and the current
 * leverage marked.
 */
export function LeverageGauge(props: { status: RebalanceStatus; liquidationLeverage: bigint }) {
  const { status } = props;
  const low = WAD;
  const high = props.liquidationLeverage > low ? props.liquidationLeverage : status.emergencyLeverage + WAD;
  const at = (leverage: bigint) => `${Math.min(100, Math.max(0, Number(((leverage - low) * 10_000n) / (high - low)) / 100))}%`;
  const inBand = status.leverage >= status.minLeverage && status.leverage <= status.maxLeverage;
  return (
    <div className="gauge" title={`1x … liquidation ${formatLeverage(props.liquidationLeverage)}`}>
      <div className="gauge-band" style={{ left: at(status.minLeverage), width: `calc(${at(status.maxLeverage)} - ${at(status.minLeverage)})` }} />
      <div className="gauge-emergency" style={{ left: at(status.emergencyLeverage) }} />
      <div className={`gauge-marker ${inBand ? "ok" : "out"}`} style={{ left: at(status.leverage) }} />
      <div className="gauge-labels">
        <span>1x</span>
        <span>liq. {formatLeverage(props.liquidationLeverage, { fractionDigits: 1 })}</span>
      </div>
    </div>
  );
}
