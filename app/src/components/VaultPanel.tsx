import {
  formatLeverage,
  formatPrice,
  getAccountPositionsQueryOptions,
  PRICE_SCALE,
  type GetPositionReturnType,
  type GetVaultStateReturnType,
} from "@leveraged-vault/sdk";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

import { formatAmount } from "../format/amounts.js";
import type { HistorySource } from "../history/historySource.js";
import type { ListedVault } from "../vaults/useRegistryVaults.js";
import { ActionForm } from "./ActionForm.js";
import { HistoryChart } from "./HistoryChart.js";
import { LeverageGauge } from "./LeverageGauge.js";
import { useVaultData, type VaultUnits } from "./useVaultData.js";

/** One vault: NAV, leverage against its band, trigger and liquidation prices, caps, the user's position, actions and history. */
export function VaultPanel({ listing, source }: { listing: ListedVault; source: HistorySource }) {
  const { state, position, units, assetBalance, user, error } = useVaultData(listing);
  if (error) return <p className="error">Could not read {listing.symbol}: {error.message.split("\n")[0]}</p>;
  if (!state.data || !position.data || !units) return <p className="muted">Reading {listing.symbol}…</p>;
  const vault = state.data;
  const price = (raw: bigint | null) => (raw === null ? "—" : `${formatPrice(raw, { collateralDecimals: units.assetDecimals, debtDecimals: units.debtDecimals })} ${units.debtSymbol}`);

  return (
    <section className="vault" data-testid="vault-panel">
      <div className="vault-title">
        <h1>{vault.name}</h1>
        <span className="muted"><span data-testid="vault-title-symbol">{vault.symbol}</span> · {listing.vault}</span>
        <span className="muted small" data-testid="vault-chain">{listing.chainName} · {listing.kind}</span>
        {vault.depositsPaused && <span className="badge warn">deposits paused</span>}
        {vault.windDownActive && <span className="badge warn">winding down</span>}
      </div>

      <div className="grid">
        <Card title="NAV per share">
          <Big testId="nav-per-share">{formatAmount(vault.sharePrice, units.assetDecimals, 6)} {units.assetSymbol}</Big>
          <Row label="in debt units">{formatAmount((vault.sharePrice * vault.positionState.price) / PRICE_SCALE, units.debtDecimals, 2)} {units.debtSymbol}</Row>
          <Row label="total assets">{formatAmount(vault.totalAssets, units.assetDecimals)} {units.assetSymbol}</Row>
          <Row label="shares outstanding">{formatAmount(vault.totalSupply, vault.decimals)}</Row>
        </Card>

        <Card title="Leverage">
          <Big testId="leverage">{formatLeverage(vault.positionState.leverage)}</Big>
          <LeverageGauge status={vault.rebalanceStatus} liquidationLeverage={vault.liquidationLeverage} />
          <Row label="band">{formatLeverage(vault.rebalanceStatus.minLeverage)} – {formatLeverage(vault.rebalanceStatus.maxLeverage)} (target {formatLeverage(vault.rebalanceStatus.targetLeverage)})</Row>
          <Row label="emergency / liquidation">{formatLeverage(vault.rebalanceStatus.emergencyLeverage)} / {formatLeverage(vault.liquidationLeverage)}</Row>
          <Row label="action due">{["none", "rebalance", "iterate", "emergency delever"][vault.rebalanceStatus.action] ?? "unknown"}</Row>
        </Card>

        <Card title={`Prices (${units.assetSymbol} in ${units.debtSymbol})`}>
          <Big testId="oracle-price">{price(vault.positionState.price)}</Big>
          <Row label="lever up above">{price(position.data.rebalanceUpPrice)}</Row>
          <Row label="delever below">{price(position.data.rebalanceDownPrice)}</Row>
          <Row label="emergency below">{price(position.data.emergencyPrice)}</Row>
          <Row label="liquidation below">{price(position.data.liquidationPrice)}</Row>
        </Card>

        <Card title="Caps">
          <Row label="deposit cap">{formatAmount(vault.depositCap, units.assetDecimals)} {units.assetSymbol}</Row>
          <Row label="max deposit now" testId="max-deposit">{formatAmount(vault.maxDeposit, units.assetDecimals)} {units.assetSymbol}</Row>
          <Row label="deposits">{vault.depositsPaused ? "paused" : "open"}</Row>
        </Card>
      </div>

      <div className="grid two">
        <PositionCard listing={listing} source={source} position={position.data} vault={vault} units={units} assetBalance={assetBalance} user={user} />
        <ActionForm chainId={listing.chainId} vault={vault} position={position.data} units={units} assetBalance={assetBalance} />
      </div>

      <HistoryChart chainId={listing.chainId} vault={listing.vault} fromBlock={listing.createdAtBlock} units={units} source={source} />
    </section>
  );
}

/** A signed amount: "+1.23 WETH", "−0.50 WETH". */
function formatSigned(raw: bigint, decimals: number, symbol: string) {
  return `${raw < 0n ? "−" : "+"}${formatAmount(raw < 0n ? -raw : raw, decimals)} ${symbol}`;
}

function PositionCard(props: {
  listing: ListedVault;
  source: HistorySource;
  position: GetPositionReturnType;
  vault: GetVaultStateReturnType;
  units: VaultUnits;
  assetBalance: bigint | undefined;
  user: `0x${string}` | undefined;
}) {
  const { position, units, listing, user } = props;
  const client = usePublicClient({ chainId: listing.chainId });
  const book = useQuery({
    ...getAccountPositionsQueryOptions(client!, { account: user!, vaults: [{ vault: listing.vault, createdAtBlock: listing.createdAtBlock }], indexer: props.source.indexer }),
    enabled: Boolean(client) && Boolean(user),
    refetchInterval: 5_000,
  });
  if (!user) return <Card title="Your position"><p className="muted">Connect a wallet to see your position.</p></Card>;
  const held = book.data?.[0];
  const asset = (raw: bigint) => `${formatAmount(raw, units.assetDecimals)} ${units.assetSymbol}`;
  return (
    <Card title="Your position">
      <Row label="shares" testId="position-shares">{formatAmount(position.shares, props.vault.decimals)} {props.vault.symbol}</Row>
      <Row label="value" testId="position-value">{formatAmount(position.assets, units.assetDecimals)} {units.assetSymbol}</Row>
      <Row label="redeemable now (at worst)">{formatAmount(position.redeemAssets, units.assetDecimals)} {units.assetSymbol}</Row>
      <Row label="exposure">{formatAmount(position.exposureInCollateral, units.assetDecimals)} {units.assetSymbol} ≈ {formatAmount(position.exposureInDebt, units.debtDecimals, 2)} {units.debtSymbol}</Row>
      <Row label="wallet" testId="wallet-balance">{props.assetBalance === undefined ? "—" : `${formatAmount(props.assetBalance, units.assetDecimals)} ${units.assetSymbol}`}</Row>
      <div className="pnl" data-testid="position-book" data-ready={book.data ? "yes" : "no"} data-source={props.source.kind}>
        <Row label="cost basis (average)" testId="position-cost-basis">{held ? asset(held.costBasis) : book.data ? asset(0n) : "—"}</Row>
        <Row label="deposited / withdrawn" testId="position-flows">{held ? `${asset(held.deposited)} / ${asset(held.withdrawn)}` : "—"}</Row>
        <Row label="realised profit" testId="position-realised-pnl">{held ? formatSigned(held.realisedPnl, units.assetDecimals, units.assetSymbol) : "—"}</Row>
        <Row label="unrealised profit" testId="position-unrealised-pnl">{held ? formatSigned(held.unrealisedPnl, units.assetDecimals, units.assetSymbol) : "—"}</Row>
        {book.error && <p className="error small">Could not read the position's history: {book.error.message.split("\n")[0]}</p>}
      </div>
    </Card>
  );
}

export function Card(props: { title: string; children: React.ReactNode }) {
  return (
    <div className="card">
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}

function Big(props: { testId: string; children: React.ReactNode }) {
  return <div className="big" data-testid={props.testId}>{props.children}</div>;
}

export function Row(props: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="row">
      <span className="muted">{props.label}</span>
      <span data-testid={props.testId}>{props.children}</span>
    </div>
  );
}
