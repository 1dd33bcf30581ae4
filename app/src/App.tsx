import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import type { VaultDeployment } from "../server/deploymentsPlugin.js";
import { ConnectBar } from "./components/ConnectBar.js";
import { VaultList } from "./components/VaultList.js";
import { VaultPanel } from "./components/VaultPanel.js";

async function fetchDeployments(): Promise<VaultDeployment[]> {
  const response = await fetch("/api/deployments");
  const body = (await response.json()) as { vaults?: VaultDeployment[]; error?: string };
  if (!response.ok || !body.vaults) throw new Error(body.error ?? `GET /api/deployments answered ${response.status}`);
  return body.vaults;
}

/** The page: wallet connection, the deployed vaults, and the chosen vault in full. */
export function App() {
  const deployments = useQuery({ queryKey: ["deployments"], queryFn: fetchDeployments, refetchInterval: 10_000 });
  const [selected, setSelected] = useState<string | undefined>();
  const vaults = deployments.data ?? [];
  const current = vaults.find((vault) => vault.vault === selected) ?? vaults[0];

  return (
    <div className="page">
      <header className="header">
        <div className="brand">
          <span className="logo">⇡</span> leveraged-vault
        </div>
        <ConnectBar />
      </header>
      <main>
        {deployments.isPending && <p className="muted">Loading deployments…</p>}
        {deployments.error && <p className="error">Could not read the deployments: {deployments.error.message}</p>}
        {deployments.isSuccess && vaults.length === 0 && (
          <p className="muted">No vault deployed yet: run <code>npm run deploy</code> (or <code>npm run app</code>).</p>
        )}
        {vaults.length > 0 && <VaultList vaults={vaults} selected={current?.vault} onSelect={setSelected} />}
        {current && <VaultPanel key={current.vault} deployment={current} />}
      </main>
    </div>
  );
}
