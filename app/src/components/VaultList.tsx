import { formatLeverage, getVaultsPerformanceQueryOptions, type VaultPerformanceSummary } from "@leveraged-vault/sdk";
import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";

import { shortAddress } from "../format/amounts.js";
import { formatReturn } from "../format/returns.js";
import type { HistorySource } from "../history/historySource.js";
import type { ListedVault } from "../vaults/useRegistryVaults.js";

/**
 * The registry's vaults on the chain shown, one card each with its 7- and 30-day returns and its
 * leverage (SDK `getVaultsPerformance`, from the page's source); the chosen one is shown below in full.
 */
export function VaultList(props: { vaults: ListedVault[]; total: bigint; selected: string | undefined; onSelect: (vault: string) => void; source: HistorySource }) {
  const chainId = props.vaults[0]?.chainId;
  const client = usePublicClient({ chainId });
  const performance = useQuery({
    ...getVaultsPerformanceQueryOptions(client!, { vaults: props.vaults, indexer: props.source.indexer }),
    enabled: Boolean(client) && props.vaults.length > 0,
    refetchInterval: 10_000,
  });
  const figures = new Map<string, VaultPerformanceSummary>((performance.data ?? []).map((row) => [row.vault.toLowerCase(), row]));
  return (
    <nav className="vault-list" data-testid="vault-list" data-count={props.vaults.length}>
      {props.vaults.map((vault) => {
        const row = figures.get(vault.vault.toLowerCase());
        return (
          <button
            key={vault.vault}
            className={`vault-card ${vault.vault === props.selected ? "selected" : ""}`}
            data-testid={`vault-card-${vault.symbol}`}
            onClick={() => props.onSelect(vault.vault)}
          >
            <strong>{vault.symbol}</strong>
            <span>{vault.name}</span>
            <span className="small" data-testid={`vault-figures-${vault.symbol}`} data-ready={row ? "yes" : "no"}>
              {row ? (
                <>
                  7d <span data-testid={`vault-return7d-${vault.symbol}`}>{formatReturn(row.return7d)}</span> · 30d{" "}
                  <span data-testid={`vault-return30d-${vault.symbol}`}>{formatReturn(row.return30d)}</span> ·{" "}
                  <span data-testid={`vault-leverage-${vault.symbol}`}>{formatLeverage(row.leverage)}</span>
                </>
              ) : performance.error ? (
                "returns unavailable"
              ) : (
                "reading returns…"
              )}
            </span>
            <span className="muted small">
              {vault.kind} · {shortAddress(vault.vault)}
              {vault.retired ? " · retired" : ""}
            </span>
          </button>
        );
      })}
      {BigInt(props.vaults.length) < props.total && <span className="muted small">first {props.vaults.length} of {props.total.toString()} listed</span>}
    </nav>
  );
}
