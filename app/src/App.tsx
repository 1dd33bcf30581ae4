import { useMemo, useState } from "react";
import { useAccount } from "wagmi";

import { ChainPicker, WrongChainNotice } from "./components/ChainBar.js";
import { ConnectBar } from "./components/ConnectBar.js";
import { VaultList } from "./components/VaultList.js";
import { VaultPanel } from "./components/VaultPanel.js";
import type { AppChain } from "./config/chains.js";
import { historySource } from "./history/historySource.js";
import { useRegistryVaults } from "./vaults/useRegistryVaults.js";

/**
 * The page: wallet connection, the chain's vaults as its registry lists them, and the chosen vault
 * in full. The chain shown follows the wallet's when the page serves it, until one is picked.
 */
export function App({ chains }: { chains: AppChain[] }) {
  const { chainId: walletChainId } = useAccount();
  const [pickedChainId, setPickedChainId] = useState<number | undefined>();
  const chain = chains.find((candidate) => candidate.chainId === (pickedChainId ?? walletChainId)) ?? chains[0]!;
  const listing = useRegistryVaults(chain);
  const [preferRpc, setPreferRpc] = useState(false);
  const source = useMemo(() => historySource(chain, preferRpc, window.location.origin), [chain, preferRpc]);
  const [selected, setSelected] = useState<string | undefined>();
  const vaults = listing.data?.vaults ?? [];
  const current = vaults.find((vault) => vault.vault === selected) ?? vaults[0];

  return (
    <div className="page">
      <header className="header">
        <div className="brand">
          <span className="logo">⇡</span> leveraged-vault
        </div>
        <ChainPicker chains={chains} chain={chain} onSelect={setPickedChainId} />
        <ConnectBar />
      </header>
      <main>
        <WrongChainNotice chain={chain} />
        <p className="muted small" data-testid="data-source" data-source={source.kind}>
          History, returns and positions from {source.description}.
          {chain.indexerUrl && (
            <button className="link" data-testid="toggle-source" onClick={() => setPreferRpc(!preferRpc)}>
              {preferRpc ? "Use the indexer" : "Read the RPC instead"}
            </button>
          )}
        </p>
        {listing.isPending && <p className="muted">Reading the registry on {chain.name}…</p>}
        {listing.error && (
          <p className="error" data-testid="registry-error">
            Could not list the vaults on {chain.name}: {listing.error.message.split("\n")[0]}
          </p>
        )}
        {listing.isSuccess && vaults.length === 0 && (
          <p className="muted" data-testid="no-vaults">
            The registry on {chain.name} lists no vault yet: create one with <code>npm run vault:create</code> (or run <code>npm run app</code>).
          </p>
        )}
        {vaults.length > 0 && <VaultList vaults={vaults} total={listing.data!.total} selected={current?.vault} onSelect={setSelected} source={source} />}
        {current && <VaultPanel key={`${current.chainId}:${current.vault}`} listing={current} source={source} />}
      </main>
    </div>
  );
}
