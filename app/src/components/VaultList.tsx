import { shortAddress } from "../format/amounts.js";
import type { ListedVault } from "../vaults/useRegistryVaults.js";

/** The registry's vaults on the chain shown, one card each; the chosen one is shown below in full. */
export function VaultList(props: { vaults: ListedVault[]; total: bigint; selected: string | undefined; onSelect: (vault: string) => void }) {
  return (
    <nav className="vault-list" data-testid="vault-list" data-count={props.vaults.length}>
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
            {vault.kind} · {shortAddress(vault.vault)}
            {vault.retired ? " · retired" : ""}
          </span>
        </button>
      ))}
      {BigInt(props.vaults.length) < props.total && <span className="muted small">first {props.vaults.length} of {props.total.toString()} listed</span>}
    </nav>
  );
}
