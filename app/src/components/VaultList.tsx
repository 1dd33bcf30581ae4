import type { VaultDeployment } from "../../server/deploymentsPlugin.js";
import { shortAddress } from "../format/amounts.js";

/** The deployed vaults, one card each; the chosen one is shown below in full. */
export function VaultList(props: { vaults: VaultDeployment[]; selected: string | undefined; onSelect: (vault: string) => void }) {
  return (
    <nav className="vault-list">
      {props.vaults.map((vault) => (
        <button
          key={vault.vault}
          className={`vault-card ${vault.vault === props.selected ? "selected" : ""}`}
          data-testid={`vault-card-${vault.symbol}`}
          onClick={() => props.onSelect(vault.vault)}
        >
          <strong>{vault.symbol}</strong>
          <span>{vault.name}</span>
          <span className="muted small">
            {vault.network} · {shortAddress(vault.vault)}
          </span>
        </button>
      ))}
    </nav>
  );
}
